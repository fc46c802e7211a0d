"""A Spark standalone cluster on this machine: one master and N workers on 127.0.0.1.

    python scripts/spark_standalone.py              # two workers of one core; prints the master URL
    quotes extract FOLDER --db q.db --spark spark://127.0.0.1:PORT

Why: ``local[N]`` runs every executor inside the driver's JVM, so it never shows what a
real cluster does (executors in their own JVMs, started by workers, each with its own
Python workers and shuffle files; a worker that dies). This starts the same daemons a
cluster runs, from pyspark's own ``spark-class`` (no separate Spark download), for the
tests (``tests/test_spark_cluster.py``) and ``benchmarks/spark_vs_local.py``. Each
daemon is a process group of its own, so that killing a worker kills its executors too,
as losing the machine would.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

MASTER_CLASS = "org.apache.spark.deploy.master.Master"
WORKER_CLASS = "org.apache.spark.deploy.worker.Worker"


class ClusterError(Exception):
    """The cluster did not come up; the message says which daemon and where its log is."""


def spark_class() -> Path:
    """pyspark's ``bin/spark-class``, which starts any of Spark's JVM main classes."""
    from pyspark.find_spark_home import _find_spark_home

    return Path(_find_spark_home()) / "bin" / "spark-class"


def free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Standalone:
    """A running cluster: ``master`` is the URL to give ``--spark``."""

    folder: Path
    workers: int = 2
    cores: int = 1
    memory: str = "1g"
    port: int = field(default_factory=free_port)
    ui_port: int = field(default_factory=free_port)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def master(self) -> str:
        return f"spark://127.0.0.1:{self.port}"

    def _start(self, name: str, *args: str) -> None:
        env = {**os.environ, "SPARK_LOCAL_IP": "127.0.0.1", "SPARK_DAEMON_MEMORY": "256m",
               "SPARK_LOG_DIR": str(self.folder), "SPARK_NO_DAEMONIZE": "1"}
        log = open(self.folder / f"{name}.log", "ab")
        self.processes[name] = subprocess.Popen(
            [str(spark_class()), *args], stdout=log, stderr=subprocess.STDOUT, env=env,
            stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()

    def start_worker(self, number: int) -> None:
        """Start worker ``number`` (1, 2, ...) and wait until the master counts it alive."""
        work = self.folder / f"worker-{number}"
        work.mkdir(exist_ok=True)
        self._start(f"worker-{number}", WORKER_CLASS, "--host", "127.0.0.1", "--cores", str(self.cores),
                    "--memory", self.memory, "--webui-port", str(free_port()),
                    "--work-dir", str(work), self.master)
        self._wait(lambda state: self.alive(state) >= self._running_workers(), f"worker-{number}")

    def _running_workers(self) -> int:
        return sum(1 for name, p in self.processes.items()
                   if name.startswith("worker") and p.poll() is None)

    def alive(self, state: dict | None = None) -> int:
        """How many workers the master counts alive."""
        state = state or self.state()
        return sum(1 for worker in state.get("workers", []) if worker.get("state") == "ALIVE")

    def state(self) -> dict:
        """The master's own report (its web UI's ``/json``); empty while it is not up."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.ui_port}/json/", timeout=5) as answer:
                return json.load(answer)
        except OSError:
            return {}

    def _wait(self, ready, name: str, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.processes[name].poll() is not None:
                raise ClusterError(f"{name} exited; see {self.folder / (name + '.log')}")
            state = self.state()
            if state and ready(state):
                return
            time.sleep(0.5)
        raise ClusterError(f"{name} was not up after {timeout:.0f} s; see {self.folder / (name + '.log')}")

    def kill_worker(self, number: int) -> None:
        """Kill worker ``number`` and its executors at once (``kill -9``), as losing its
        machine would."""
        process = self.processes.pop(f"worker-{number}")
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()

    def __enter__(self) -> Standalone:
        if not shutil.which("java"):
            raise ClusterError("no java on PATH: Spark needs Java 17")
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            self._start("master", MASTER_CLASS, "--host", "127.0.0.1", "--port", str(self.port),
                        "--webui-port", str(self.ui_port))
            self._wait(lambda state: state.get("status") == "ALIVE", "master")
            for number in range(1, self.workers + 1):
                self.start_worker(number)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop every daemon (and the executors they started), workers first."""
        for name in sorted(self.processes, key=lambda name: name == "master"):
            process = self.processes[name]
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=20)
            except ProcessLookupError:
                pass
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()

    def __exit__(self, *exc) -> None:
        self.stop()


def main() -> int:
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    with tempfile.TemporaryDirectory(prefix="spark-standalone-") as folder:
        try:
            cluster = Standalone(Path(folder), workers=workers).__enter__()
        except ClusterError as error:
            print(f"Error: {error}", file=sys.stderr)
            return 1
        print(f"{cluster.master}  ({workers} workers of {cluster.cores} core; web UI "
              f"http://127.0.0.1:{cluster.ui_port}); Ctrl-C stops it", flush=True)
        try:
            signal.pause()
        except KeyboardInterrupt:
            pass
        finally:
            cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
