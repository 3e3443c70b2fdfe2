"""Python processes side by side. The suite runs one test at a time on a two-core machine,
so the runs of a determinism test (one per hash seed) share the time instead of queueing."""

import subprocess
import sys
import tempfile


def python_outputs(code, runs):
    """stdout of ``python -c code`` for each run {"env":, "cwd":, "args":}, started together;
    a run that fails raises with its stderr."""
    started = []
    for run in runs:
        out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()  # no pipe to fill up
        proc = subprocess.Popen([sys.executable, "-c", code, *run.get("args", ())],
                                env=run.get("env"), cwd=run.get("cwd"), stdout=out, stderr=err)
        started.append((proc, out, err))
    outputs = []
    for proc, out, err in started:
        code_ = proc.wait()
        out.seek(0), err.seek(0)
        if code_:
            raise AssertionError(f"exit {code_}:\n{err.read().decode('utf-8', 'replace')}")
        outputs.append(out.read().decode("utf-8"))
        out.close(), err.close()
    return outputs
