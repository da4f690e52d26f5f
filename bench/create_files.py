#!/usr/bin/env python3
"""The cost of creating a list of files, and nothing else: the floor under
any program that must write them.

    bench/create_files.py LIST DIR [RUNS]

LIST holds one file per line, `PATH SIZE` (PATH relative, SIZE in bytes).
Each run creates every file under a fresh DIR/run-K with the system calls a
writer cannot do without (open with O_CREAT, one write of SIZE bytes, fstat,
close), the folders made beforehand and not counted, then removes the tree.
Prints the median system CPU time of the runs in seconds, then each run's.
The user time of this script is Python's and is not reported: compare the
system time only.
"""

import os
import resource
import shutil
import statistics
import sys


def main() -> int:
    if len(sys.argv) not in (3, 4):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    listing, dest = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) == 4 else 5
    files = []
    with open(listing, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            path, size = line.rsplit(" ", 1)
            if os.path.isabs(path) or ".." in path.split("/"):
                print(f"create_files.py: {path}: not a relative path", file=sys.stderr)
                return 2
            files.append((path, int(size)))
    if not files:
        print("create_files.py: the list is empty", file=sys.stderr)
        return 2
    data = memoryview(b"x" * max(size for _, size in files))
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC
    times = []
    for k in range(runs):
        root = os.path.join(dest, f"run-{k}")
        shutil.rmtree(root, ignore_errors=True)
        for folder in sorted({os.path.dirname(p) for p, _ in files}):
            os.makedirs(os.path.join(root, folder), exist_ok=True)
        paths = [(os.path.join(root, p), size) for p, size in files]
        before = resource.getrusage(resource.RUSAGE_SELF).ru_stime
        for path, size in paths:
            fd = os.open(path, flags, 0o644)
            os.write(fd, data[:size])
            os.fstat(fd)
            os.close(fd)
        times.append(resource.getrusage(resource.RUSAGE_SELF).ru_stime - before)
        shutil.rmtree(root)
    print(f"{statistics.median(times):.3f}", " ".join(f"{t:.3f}" for t in times))
    return 0


if __name__ == "__main__":
    sys.exit(main())
