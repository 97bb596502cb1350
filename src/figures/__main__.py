import sys

try:
    from figures.cli import run
except KeyboardInterrupt:       # Ctrl-C while the command's own code is imported: stopped, nothing done
    sys.exit(130)

run()
