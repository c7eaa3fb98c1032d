import sys

from hipcoach.cli import main

sys.exit(main())
