#!/usr/bin/env python3
"""Loopback load test of `renkei app` on the national-size survey.

Generates bench/national.sh's data (1,916 units, 100 questions, seed 2025),
starts the release build of `renkei app`, loads the survey in it as the page
does (upload the returns, send survey.json), then sends ROUNDS rounds of 50
concurrent table requests, each a seeded random question × grouping with the
default tests, as the page sends them: first the table with its asymptotic
tests (`quick=1`: what appears), then, when Cochran's rule fails, the same
table with the exact test (10 s limit, then Monte Carlo). Prints the latency
of each step (median, p95, max: from sending the request to having the whole
answer) and the server's peak resident memory (VmHWM) after each round, so
that a memory that grows with the load shows.

    bench/app_load.py [ROUNDS]      (default 4: 200 requests)
"""

import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 4
CONCURRENT = 50


def build():
    subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "national_survey"], cwd=ROOT, check=True)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)


def request(port, token, method, path, body=b"", headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    h = {"X-Renkei-Token": token, "Host": f"127.0.0.1:{port}"}
    h.update(headers or {})
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, data


def rss_mb(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def memory(pid):
    return f"peak RSS {rss_mb(pid, 'VmHWM'):.0f} MB, now {rss_mb(pid, 'VmRSS'):.0f} MB"


def summary_of(times):
    if not times:
        return "none"
    ordered = sorted(times)
    p95 = ordered[max(0, -(-95 * len(ordered) // 100) - 1)]
    return (f"median {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
            f"max {ordered[-1] * 1000:.0f} ms")


def main():
    build()
    data = tempfile.mkdtemp()
    subprocess.run([os.path.join(ROOT, "target/release/examples/national_survey"), data, "2025"], check=True,
                   stdout=subprocess.DEVNULL)
    app = subprocess.Popen([os.path.join(ROOT, "target/release/renkei"), "app", "--no-browser", "--port", "0"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        address = app.stdout.readline().strip()
        port = int(address.split(":")[2].split("/")[0])
        token = address.split("token=")[1]
        with open(os.path.join(data, "returns.csv"), "rb") as f:
            status, _ = request(port, token, "POST", "/api/upload/returns", f.read(), {"X-File-Name": "returns.csv"})
            assert status == 200
        with open(os.path.join(data, "survey.json"), "rb") as f:
            definition = f.read()
        status, body = request(port, token, "POST", "/api/survey/definition", definition)
        assert status == 200, body
        summary = json.loads(body)
        questions = [q["id"] for q in summary["questions"] if not q["multiple"]]
        groupings = [g["id"] for g in summary["groupings"]]
        rng = random.Random(2025)
        latencies = []
        exact = []
        print(f"renkei app, {summary['units']} units, {len(questions)} questions × {len(groupings)} groupings; "
              f"{ROUNDS} rounds of {CONCURRENT} concurrent table requests")
        for round_ in range(ROUNDS):
            asked = [(rng.choice(questions), rng.choice(groupings)) for _ in range(CONCURRENT)]
            times = [None] * CONCURRENT
            full = []
            failures = []

            def one(i, q, g):
                start = time.perf_counter()
                status, body = request(port, token, "POST", f"/api/survey/table?question={q}&by={g}&quick=1")
                times[i] = time.perf_counter() - start
                if status != 200:
                    failures.append((q, g, status, body[:200]))
                    return
                if json.loads(body).get("more"):
                    start = time.perf_counter()
                    status, body = request(port, token, "POST", f"/api/survey/table?question={q}&by={g}&job=load{i}")
                    full.append(time.perf_counter() - start)
                    if status != 200:
                        failures.append((q, g, status, body[:200]))

            threads = [threading.Thread(target=one, args=(i, q, g)) for i, (q, g) in enumerate(asked)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert not failures, failures
            latencies.extend(times)
            exact.extend(full)
            print(f"round {round_ + 1}: table {summary_of(times)}; with the exact test ({len(full)}): "
                  f"{summary_of(full)}; {memory(app.pid)}")
        print(f"all {len(latencies)} tables: {summary_of(latencies)}; with the exact test ({len(exact)}): "
              f"{summary_of(exact)}; {memory(app.pid)}")
        # One table alone: what a user who chooses a table waits to see it.
        alone = []
        for q, g in [(rng.choice(questions), rng.choice(groupings)) for _ in range(40)]:
            start = time.perf_counter()
            status, _ = request(port, token, "POST", f"/api/survey/table?question={q}&by={g}&quick=1")
            alone.append(time.perf_counter() - start)
            assert status == 200
        print(f"one table at a time (40): {summary_of(alone)}")
    finally:
        app.terminate()
        app.wait()


if __name__ == "__main__":
    main()
