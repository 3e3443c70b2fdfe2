"""Build hook: ship the top-level geodata/ and seeds/ inside the package.

The folders stay at the repository root for planners to read and copy; a
non-editable install gets a copy under ``atlas/_shipped/`` made at build time,
so the files are never duplicated in git. Everything else is in setup.cfg.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
SHIPPED = ("geodata", "seeds")


class BuildWithData(build_py):
    """build_py that also copies geodata/ and seeds/ into atlas/_shipped/."""

    def run(self):
        super().run()
        # an editable install reads the checkout's own folders (see atlas.core.shipped)
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "atlas" / "_shipped"
        for name in SHIPPED:
            source = HERE / name
            if not source.is_dir():
                raise SystemExit(f"setup.py: {source} is missing; cannot ship the atlas data")
            # the target lives in build/, which only the build writes
            shutil.rmtree(target / name, ignore_errors=True)
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))

    def get_outputs(self, include_bytecode=True):
        outputs = super().get_outputs(include_bytecode)
        if getattr(self, "editable_mode", False):
            return outputs
        target = Path(self.build_lib) / "atlas" / "_shipped"
        return outputs + [
            str(target / path.relative_to(HERE))
            for name in SHIPPED
            for path in sorted((HERE / name).rglob("*"))
            if path.is_file()
        ]


setup(cmdclass={"build_py": BuildWithData})
