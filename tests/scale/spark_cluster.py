"""A real Spark cluster on loopback, from what the pyspark package ships: a standalone master, two workers and a
Spark Connect server, each a process of its own.

pyspark's wheel has ``bin/spark-class`` and ``bin/spark-submit`` and every jar, Spark Connect's included, but not
the ``sbin/start-*.sh`` scripts: the daemons are started as those scripts would start them::

    spark-class org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 0 --webui-port 0
    spark-class org.apache.spark.deploy.worker.Worker spark://127.0.0.1:PORT --cores 2 --memory 1g ...
    spark-submit --class org.apache.spark.sql.connect.service.SparkConnectServer --master spark://... \\
        --conf spark.connect.grpc.binding.port=0 ...

Every port is 0 (the kernel picks a free one) and read back from the process's log, so two runs on one machine
never collide. By default (the tests) each worker offers 2 cores and 1 GB, and every application (the Connect
server, a peaceops driver) takes one 1-core, 512 MB executor on each worker: the Connect server holds its executors
for its whole life, and a spark:// driver started meanwhile still gets one on each worker. The JVMs get 512 MB heaps.
A benchmark (bench/bench_spark.py) gives the workers and executors more memory, keeps the JVMs' own defaults and
starts the Connect server later, once the spark:// runs are done (``with_connect=False``, :meth:`start_connect`).

Every process runs in a session of its own and gets SIGTERM when the process that started it dies
(PR_SET_PDEATHSIG), so nothing outlives a killed test run. :meth:`SparkCluster.stop` ends the process groups
(the workers' executors are in the workers' groups), then kills anything still running whose command line or
environment names the cluster's private directory, and :meth:`SparkCluster.leftovers` says what, if anything, still
runs or still holds one of the cluster's ports afterwards.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pyspark

SPARK_HOME = Path(pyspark.__file__).parent
JVM_MEMORY = "512m"
# Short-lived JVMs on small data spend most of their time warming up: the client compiler alone (C1) and the serial
# collector halve a metrics run here. A test setting, not a recommendation for a real cluster.
JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
START_TIMEOUT_S = 180.0  # the machine is shared: a JVM can take a while to start
STOP_TIMEOUT_S = 15.0
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass
class Daemon:
    name: str
    process: subprocess.Popen
    log: Path

    def tail(self, lines: int = 30) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def wait_for(self, pattern: str, timeout: float = START_TIMEOUT_S) -> re.Match:
        """The first match of ``pattern`` in the log; fails with the log's tail if the process dies or time runs
        out."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.log.exists():
                found = regex.search(self.log.read_text(encoding="utf-8", errors="replace"))
                if found:
                    return found
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited ({self.process.returncode}):\n{self.tail()}")
            time.sleep(0.25)
        raise TimeoutError(f"{self.name}: no {pattern!r} in {timeout:.0f} s:\n{self.tail()}")


@dataclass
class SparkCluster:
    """A standalone master with two workers and a Spark Connect server, all on 127.0.0.1, under ``root``."""

    root: Path
    java_options: str = JVM_OPTIONS
    worker_memory: str = "1g"  # what each worker offers its executors
    executor_memory: str = JVM_MEMORY
    driver_memory: str = JVM_MEMORY
    with_connect: bool = True  # start the Connect server in start(); else start_connect() when wanted
    daemons: list[Daemon] = field(default_factory=list)
    master_url: str = ""
    master_web: str = ""
    connect_url: str = ""

    @property
    def conf_dir(self) -> Path:
        return self.root / "conf"

    def worker_dir(self, n: int) -> Path:
        return self.root / f"worker-{n}"

    def env(self) -> dict[str, str]:
        """The environment of every process of the cluster, and of a driver that uses it."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SPARK_", "PYSPARK_", "PEACEOPS_"))}
        env.update(
            SPARK_HOME=str(SPARK_HOME),
            SPARK_CONF_DIR=str(self.conf_dir),
            SPARK_LOCAL_IP="127.0.0.1",
            SPARK_LOCAL_DIRS=str(self.root / "local"),
            SPARK_DAEMON_MEMORY=JVM_MEMORY,
            SPARK_DAEMON_JAVA_OPTS=self.java_options,
            # No Python on the cluster: an executor that needed a Python worker (a Python UDF, a pickled
            # DataFrame) would fail the run. peaceops's queries are plain Spark SQL.
            PYSPARK_PYTHON=str(self.root / "no-python-on-the-cluster"),
        )
        return env

    def start(self) -> SparkCluster:
        for sub in ("conf", "local", "logs"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        # Read by every JVM the cluster starts and by a peaceops driver given SPARK_CONF_DIR: what a user's
        # cluster administrator would put there.
        (self.conf_dir / "spark-defaults.conf").write_text(
            "\n".join(
                [
                    f"spark.driver.memory {self.driver_memory}",
                    f"spark.executor.memory {self.executor_memory}",
                    "spark.executor.cores 1",
                    "spark.cores.max 2",
                    "spark.ui.enabled false",
                    "spark.ui.showConsoleProgress false",
                    "spark.sql.shuffle.partitions 4",
                    # an application starts its jobs once both its executors are up, so both workers get tasks
                    "spark.scheduler.minRegisteredResourcesRatio 1.0",
                    "spark.scheduler.maxRegisteredResourcesWaitingTime 120s",
                    "spark.master.rest.enabled false",
                    *(
                        f"spark.{who}.extraJavaOptions {self.java_options}"
                        for who in ("driver", "executor")
                        if self.java_options
                    ),
                ]
            )
            + "\n",
            encoding="utf-8",
        )
        master = self._spawn(
            "master",
            [
                str(SPARK_HOME / "bin" / "spark-class"),
                "org.apache.spark.deploy.master.Master",
                *("--host", "127.0.0.1", "--port", "0", "--webui-port", "0"),
            ],
        )
        self.master_url = master.wait_for(r"Starting Spark master at (spark://\S+)").group(1)
        web_port = master.wait_for(r"MasterWebUI.* started at http://[^:\s]+:(\d+)").group(1)
        self.master_web = f"http://127.0.0.1:{web_port}"
        for n in (1, 2):
            self._spawn(
                f"worker-{n}",
                [
                    str(SPARK_HOME / "bin" / "spark-class"),
                    "org.apache.spark.deploy.worker.Worker",
                    self.master_url,
                    *("--host", "127.0.0.1", "--port", "0", "--webui-port", "0"),
                    *("--cores", "2", "--memory", self.worker_memory, "--work-dir", str(self.worker_dir(n))),
                ],
            )
        self._wait_for_workers(2)
        if self.with_connect:
            self.start_connect()
        return self

    def start_connect(self) -> str:
        """Start the Spark Connect server on the master; its sc:// URL once it listens."""
        connect = self._spawn(
            "connect",
            [
                str(SPARK_HOME / "bin" / "spark-submit"),
                *("--class", "org.apache.spark.sql.connect.service.SparkConnectServer"),
                *("--name", "peaceops-connect", "--master", self.master_url),
                *("--conf", "spark.connect.grpc.binding.address=127.0.0.1"),
                *("--conf", "spark.connect.grpc.binding.port=0"),
                *("--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1"),
            ],
        )
        port = connect.wait_for(r"SparkConnectService\$' on port (\d+)").group(1)
        connect.wait_for(r"Spark Connect server started")
        self.connect_url = f"sc://127.0.0.1:{port}"
        return self.connect_url

    def _spawn(self, name: str, argv: list[str]) -> Daemon:
        log = self.root / "logs" / f"{name}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                argv,
                cwd=self.root,
                env=self.env(),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stop() ends it and its children together
                preexec_fn=_die_with_parent,
            )
        daemon = Daemon(name, process, log)
        self.daemons.append(daemon)
        return daemon

    def state(self) -> dict:
        """The master's JSON status page: workers, applications."""
        with urllib.request.urlopen(f"{self.master_web}/json/", timeout=10) as response:
            return json.load(response)

    def _wait_for_workers(self, count: int) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        alive = 0
        while time.monotonic() < deadline:
            for daemon in self.daemons:
                if daemon.process.poll() is not None:
                    raise RuntimeError(f"{daemon.name} exited ({daemon.process.returncode}):\n{daemon.tail()}")
            with contextlib.suppress(OSError, ValueError):
                alive = sum(w["state"] == "ALIVE" for w in self.state()["workers"])
                if alive >= count:
                    return
            time.sleep(0.5)
        raise TimeoutError(f"{alive} of {count} workers registered in {START_TIMEOUT_S:.0f} s")

    def application(self, name: str) -> dict:
        """The newest application named ``name``, running or finished, from the master's status."""
        state = self.state()
        every = state["activeapps"] + state["completedapps"]
        apps = [a for a in every if a["name"] == name]
        if not apps:
            raise LookupError(f"no application {name!r} on the master; it has {[a['name'] for a in every]}")
        return max(apps, key=lambda a: a["starttime"])

    def tasks_per_worker(self, app_id: str) -> dict[int, int]:
        """How many tasks each worker's executors of ``app_id`` have finished, from the executors' logs."""
        counts = {}
        for n in (1, 2):
            logs = list((self.worker_dir(n) / app_id).glob("*/stderr"))
            counts[n] = sum(
                len(re.findall(r"Finished task ", p.read_text(encoding="utf-8", errors="replace"))) for p in logs
            )
        return counts

    def wait_for_tasks(self, app_id: str, more_than: dict[int, int] | None = None, timeout: float = 20.0):
        """Tasks per worker once every worker's executors of ``app_id`` have logged more finished tasks than
        ``more_than`` (default none): a worker copies its executors' output to the log files with a short lag."""
        more_than = more_than or {1: 0, 2: 0}
        deadline = time.monotonic() + timeout
        while True:
            counts = self.tasks_per_worker(app_id)
            if all(counts[n] > more_than[n] for n in counts) or time.monotonic() > deadline:
                return counts
            time.sleep(0.25)

    def describe(self, app_id: str) -> str:
        """Each worker's executors of ``app_id`` and the end of their logs: what a failed test shows."""
        parts = []
        for n in (1, 2):
            logs = sorted((self.worker_dir(n) / app_id).glob("*/stderr"))
            parts.append(f"worker-{n}: {len(logs)} executor(s) of {app_id}")
            for path in logs:
                tail = path.read_text(encoding="utf-8", errors="replace").splitlines()[-8:]
                parts.append(f"  {path.parent.name}: " + "\n    ".join(tail))
        return "\n".join(parts)

    def stop(self) -> None:
        """SIGTERM every process group, SIGKILL what is left, then any straggler naming this cluster's directory."""
        for daemon in reversed(self.daemons):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(daemon.process.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        for daemon in reversed(self.daemons):
            try:
                daemon.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(daemon.process.pid, signal.SIGKILL)
                daemon.process.wait(timeout=STOP_TIMEOUT_S)
        for pid in self.stragglers():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def stragglers(self) -> list[int]:
        """Processes, other than this one, whose command line or environment names the cluster's directory."""
        marker = str(self.root).encode()
        found = []
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit() or int(proc.name) == os.getpid():
                continue
            try:
                if marker in (proc / "cmdline").read_bytes() or marker in (proc / "environ").read_bytes():
                    found.append(int(proc.name))
            except OSError:  # gone, or not ours to read
                continue
        return found

    def ports(self) -> set[int]:
        """Every port a process of the cluster logged it listens on: the daemons', their executors' and drivers'."""
        logs = [d.log for d in self.daemons] + list(self.root.glob("worker-*/*/*/stderr"))
        found = set()
        for path in logs:
            text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
            found.update(int(p) for p in re.findall(r"Successfully started service .*? on port (\d+)", text))
            found.update(int(p) for p in re.findall(r"SparkConnectService\$' on port (\d+)", text))
        if self.master_web:
            found.add(int(self.master_web.rsplit(":", 1)[1]))
        return found

    def leftovers(self) -> list[str]:
        """After :meth:`stop`: the cluster's processes still running and its ports still taken on 127.0.0.1 (none,
        normally); each entry says which."""
        found = [f"process {pid} still runs" for pid in self.stragglers()]
        for port in sorted(self.ports()):
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
                # as a server would bind it: a closed port's connections lingering in TIME_WAIT do not count
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                try:
                    probe.bind(("127.0.0.1", port))
                except OSError:
                    found.append(f"port {port} is still taken")
        return found

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


@contextlib.contextmanager
def spark_cluster(root: Path, **settings):
    """Start the cluster under ``root`` (``settings``: the fields of :class:`SparkCluster`); stop it on the way out,
    whatever happened, a failed start included."""
    cluster = SparkCluster(Path(root), **settings)
    try:
        yield cluster.start()
    finally:
        cluster.stop()
