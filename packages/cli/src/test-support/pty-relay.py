"""Runs a command in a pseudo-terminal and relays it: our stdin to the terminal, the terminal to our stdout.

The CLI tests use it to answer a confirmation prompt as a person would (node-pty needs a native
build; python3's pty module does not). Exits with the command's exit code.
"""
import os
import pty
import select
import sys

pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])

stdin_fd = sys.stdin.fileno()
reading_stdin = True
while True:
    watched = [fd] + ([stdin_fd] if reading_stdin else [])
    ready, _, _ = select.select(watched, [], [])
    if fd in ready:
        try:
            data = os.read(fd, 4096)
        except OSError:  # EIO: the command closed the terminal
            data = b""
        if not data:
            break
        os.write(1, data)
    if reading_stdin and stdin_fd in ready:
        data = os.read(stdin_fd, 4096)
        if data:
            os.write(fd, data)
        else:
            reading_stdin = False

_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
