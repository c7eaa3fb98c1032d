import sys

from hipcoach.cli.main import main

sys.exit(main())
