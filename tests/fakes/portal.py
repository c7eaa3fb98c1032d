"""A stand-in settings portal on a private bus, for the colour-scheme tests.

It takes org.freedesktop.portal.Desktop, writes ``ready`` to RECORD, answers Read of
``org.freedesktop.appearance`` ``color-scheme`` with SCHEME (a variant in a variant, as the
real portal's Read does), and 0.3 s after that answer says SettingChanged to THEN, when
given. Any other key is an error, as on a portal that does not know it.

Usage: python tests/fakes/portal.py RECORD SCHEME [--then N]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from jeepney import DBusAddress, HeaderFields, MessageType, new_error, new_method_return, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

NAME = "org.freedesktop.portal.Desktop"
PATH = "/org/freedesktop/portal/desktop"
SETTINGS = "org.freedesktop.portal.Settings"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("record", type=Path)
    parser.add_argument("scheme", type=int)
    parser.add_argument("--then", type=int, default=None)
    args = parser.parse_args()
    connection = open_dbus_connection(bus="SESSION")
    connection.send_and_get_reply(message_bus.RequestName(NAME, 4))
    with args.record.open("a") as out:
        out.write(json.dumps({"ready": os.environ["DBUS_SESSION_BUS_ADDRESS"]}) + "\n")
    emitter = DBusAddress(PATH, interface=SETTINGS)
    while True:
        message = connection.receive()
        header = message.header
        if header.message_type is not MessageType.method_call:
            continue
        member = header.fields.get(HeaderFields.member)
        if member == "Read" and tuple(message.body) == (
            "org.freedesktop.appearance",
            "color-scheme",
        ):
            connection.send(new_method_return(message, "v", (("v", ("u", args.scheme)),)))
            if args.then is not None:
                time.sleep(0.3)
                body = ("org.freedesktop.appearance", "color-scheme", ("u", args.then))
                connection.send(new_signal(emitter, "SettingChanged", "ssv", body))
        else:
            connection.send(
                new_error(message, "org.freedesktop.portal.Error.NotFound", "s", ("no such key",))
            )


if __name__ == "__main__":
    sys.exit(main())
