"""`python -m emshell`: the same as the `emshell` command."""
from emshell.host.cli import main

raise SystemExit(main())
