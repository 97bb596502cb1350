from figures.cli import run

run()
