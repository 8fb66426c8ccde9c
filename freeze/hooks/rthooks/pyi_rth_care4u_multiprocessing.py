"""Replaces PyInstaller's multiprocessing run-time hook, which Care4U does not need.

multiprocessing is in the build only because boto3 imports s3transfer, which imports it;
the app never starts a process through it (``tests/packaging`` checks the sources never
import it). PyInstaller's own hook imports multiprocessing and subprocess at every start,
before the app's first line runs: about 14 ms of a start-up measured against a 1.5x budget.
It exists to let frozen multiprocessing children start; with no children there is nothing
for it to do, so this hook does nothing either.
"""
