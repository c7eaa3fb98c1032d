"""A stand-in freedesktop notification server for the reminder's tests, on a private bus.

Run it under ``dbus-run-session``: it takes the name org.freedesktop.Notifications, then
writes ``ready`` (its bus address and pid) to RECORD and one JSON line per call it gets.
Notify is checked as GNOME, dunst and Plasma check it: a call whose signature is not
``susssasa{sv}i`` (a replaces_id sent as int32, say) is refused with InvalidArgs, and
recorded as refused. ``--answer`` says what the "user" does 0.2 s after a notification
shows: ``start`` or ``default`` (that action, after an ActivationToken), ``close``
(dismissed), or ``nothing``.

Usage: python tests/fakes/notifications.py RECORD [--answer start|default|close|nothing]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from jeepney import (
    DBusAddress,
    HeaderFields,
    MessageType,
    new_error,
    new_method_return,
    new_signal,
)
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
NOTIFY = "susssasa{sv}i"


def plain(value: object) -> object:
    """jeepney's values as JSON can hold them: variants (signature, value) as their value."""
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):
        return plain(value[1])
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("record", type=Path)
    parser.add_argument("--answer", default="nothing")
    args = parser.parse_args()
    record: Path = args.record

    def write(entry: dict[str, object]) -> None:
        with record.open("a", encoding="utf-8") as out:
            out.write(json.dumps(entry) + "\n")

    connection = open_dbus_connection(bus="SESSION")
    reply = connection.send_and_get_reply(message_bus.RequestName(NAME, 4))
    assert reply.body == (1,), reply.body  # the primary owner
    write({"ready": os.environ["DBUS_SESSION_BUS_ADDRESS"], "pid": os.getpid()})
    emitter = DBusAddress(PATH, interface=NAME)
    next_id = 41
    pending: list[tuple[float, int]] = []
    while True:
        timeout = max(0.0, pending[0][0] - time.monotonic()) if pending else None
        try:
            message = connection.receive(timeout=timeout)
        except TimeoutError:
            _, shown = pending.pop(0)
            if args.answer in ("start", "default"):
                connection.send(new_signal(emitter, "ActivationToken", "us", (shown, "tok-1")))
                connection.send(new_signal(emitter, "ActionInvoked", "us", (shown, args.answer)))
            elif args.answer == "close":
                connection.send(new_signal(emitter, "NotificationClosed", "uu", (shown, 2)))
            write({"answered": args.answer, "id": shown})
            continue
        header = message.header
        if header.message_type is not MessageType.method_call:
            continue
        member = header.fields.get(HeaderFields.member)
        signature = header.fields.get(HeaderFields.signature, "")
        if member == "Notify":
            if signature != NOTIFY:
                write({"refused": "Notify", "signature": signature})
                connection.send(
                    new_error(
                        message,
                        "org.freedesktop.DBus.Error.InvalidArgs",
                        "s",
                        (f"Notify takes {NOTIFY}, not {signature}",),
                    )
                )
                continue
            next_id += 1
            app, replaces, icon, summary, body, actions, hints, expire = message.body
            write(
                {
                    "call": "Notify",
                    "signature": signature,
                    "app_name": app,
                    "replaces_id": replaces,
                    "app_icon": icon,
                    "summary": summary,
                    "body": body,
                    "actions": list(actions),
                    "hints": plain(hints),
                    "hint_types": {k: v[0] for k, v in hints.items()},
                    "expire_timeout": expire,
                    "id": next_id,
                }
            )
            connection.send(new_method_return(message, "u", (next_id,)))
            if args.answer != "nothing":
                pending.append((time.monotonic() + 0.2, next_id))
        elif member == "CloseNotification":
            write({"call": "CloseNotification", "id": message.body[0]})
            connection.send(new_method_return(message))
            connection.send(new_signal(emitter, "NotificationClosed", "uu", (message.body[0], 3)))
        elif member == "GetCapabilities":
            connection.send(new_method_return(message, "as", (["actions", "body"],)))
        elif member == "GetServerInformation":
            reply_body = ("fake", "hipcoach tests", "1", "1.2")
            connection.send(new_method_return(message, "ssss", reply_body))
        else:
            connection.send(
                new_error(message, "org.freedesktop.DBus.Error.UnknownMethod", "s", (member,))
            )


if __name__ == "__main__":
    sys.exit(main())
