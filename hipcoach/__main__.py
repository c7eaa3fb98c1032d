"""``python -m hipcoach``: the same entry as the ``hipcoach`` command, signals caught first."""

from hipcoach.entry import main

raise SystemExit(main())
