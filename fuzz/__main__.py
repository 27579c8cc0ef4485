"""Command line of the fuzzer: ``python -m fuzz --seconds 600 [--seed N] [--engine mutate|records|both]``."""

from __future__ import annotations

import argparse
import sys
import time

from .engines import Report, run_mutate, run_records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fuzz", description="对读取与校验做模糊测试（不属于日常测试）")
    parser.add_argument("--seconds", type=float, default=600, help="总时长（秒），默认 600")
    parser.add_argument("--seed", type=int, default=None, help="随机种子（重现一次运行）")
    parser.add_argument("--engine", choices=("mutate", "records", "both"), default="both")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else int(time.time())
    report = Report(seed=seed)
    share = 0.7 if args.engine == "both" else 1.0
    if args.engine in ("mutate", "both"):
        run_mutate(args.seconds * share, seed, report)
    if args.engine in ("records", "both"):
        run_records(args.seconds * (1 - share) if args.engine == "both" else args.seconds, seed, report)
    print(report.summary())
    return 1 if report.crashes or report.broken else 0


if __name__ == "__main__":
    sys.exit(main())
