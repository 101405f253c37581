"""Benchmarks for the performance budget of DESIGN.md (figures, not pass/fail tests).

    python tests/benchmarks/bench.py            all of them
    python tests/benchmarks/bench.py startup    one of: startup parse pipeline article

Each prints the median of several runs next to its budget. The README quotes these figures.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTICLE_SCRIPT = ROOT / "scripts" / "ehlo-part3.ps1"
# An installed emshell runs from cached byte-code; a PYTHONDONTWRITEBYTECODE environment would
# make every run recompile the sources and measure the compiler instead.
CHILD_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def _median_seconds(command: list[str], runs: int) -> float:
    _run(command)  # warm-up: byte-code written, files in the OS cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        _run(command)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _run(command: list[str]) -> None:
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=CHILD_ENV)


def bench_startup(runs: int = 15) -> None:
    baseline = _median_seconds([sys.executable, "-c", "pass"], runs)
    shell = _median_seconds([sys.executable, "-m", "emshell", "--fresh", "-Command", "$null"], runs)
    print(f"start-up  emshell --fresh -Command '$null': {shell * 1000:.0f} ms median "
          f"(python -c pass: {baseline * 1000:.0f} ms; budget 150 ms)")


def _sample_script() -> str:
    """A realistic admin script: comments, pipelines, conditions, the article's commands."""
    block = r'''
# Find the SAN certificate and make sure it serves IIS, POP and IMAP.
$thumb = Get-ExchangeCertificate -DomainName mail.ehlo.dk | Where-Object { $_.Status -eq "Valid" } |
    Select-Object -First 1 -ExpandProperty Thumbprint
if ($thumb -ne $null) {
    Enable-ExchangeCertificate –Thumbprint $thumb -Services “IIS, POP, IMAP”
} else {
    Write-Warning "No valid certificate for mail.ehlo.dk"
}
foreach ($server in "CAS01", "CAS02") { "{0,-8} {1}" -f $server, (Get-Date).ToString("yyyy-MM-dd") }
New-ExchangeCertificate –GenerateRequest –SubjectName “C=dk, O=EHLO organization, CN=mailehlo.dk” –DomainName mail.ehlo.dk, autodiscover.ehlo.dk, cas01.ehlo.dk, cas02.ehlo.dk –FriendlyName “CAS SAN Certificate” –KeySize 1024 –Path c:\CAS_SAN_cert.req –PrivateKeyExportable:$true
$h = @{Name = 'CAS01'; Priority = 1}
'''
    return block * 200


def bench_parse(runs: int = 5) -> None:
    from emshell.language.parser import parse

    text = _sample_script()
    lines = text.count("\n")
    parse(text)  # warm the grammar cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        parse(text)
        times.append(time.perf_counter() - start)
    print(f"parse     {lines / statistics.median(times):,.0f} script lines/s ({lines} lines; budget 5,000 lines/s)")


def bench_pipeline(runs: int = 3) -> None:
    command = "1..100000 | Where-Object { $_ % 2 -eq 0 } | Measure-Object"
    seconds = _median_seconds([sys.executable, "-m", "emshell", "--fresh", "-Command", command], runs)
    print(f"pipeline  {command}: {seconds:.2f} s median (budget 2 s)")


def bench_article(runs: int = 3) -> None:
    if not ARTICLE_SCRIPT.exists():
        print("article   scripts/ehlo-part3.ps1 is missing")
        return
    command = [sys.executable, "-m", "emshell", "--fresh", "--deterministic", str(ARTICLE_SCRIPT)]
    seconds = _median_seconds(command, runs)  # the warm-up also fills the deterministic key cache
    print(f"article   emshell --fresh --deterministic scripts/ehlo-part3.ps1: {seconds:.2f} s median (budget 3 s)")


BENCHMARKS = {"startup": bench_startup, "parse": bench_parse, "pipeline": bench_pipeline, "article": bench_article}

if __name__ == "__main__":
    for name in sys.argv[1:] or list(BENCHMARKS):
        BENCHMARKS[name]()
