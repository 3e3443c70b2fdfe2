"""Collect every data problem, then raise them together."""

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem: which file, which row or feature, which field, and what."""

    file: str
    where: str
    field: str
    message: str

    def __str__(self):
        parts = [self.file]
        if self.where:
            parts.append(self.where)
        if self.field:
            parts.append(f"field '{self.field}'")
        return ": ".join(parts) + f": {self.message}"


class ValidationError(ValueError):
    """The data has problems; ``.problems`` lists every one."""

    def __init__(self, problems):
        self.problems = list(problems)
        lines = [f"{len(self.problems)} problem(s) in the atlas data:"]
        lines += [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class Collector:
    """Gathers problems and warnings while the data is read."""

    def __init__(self):
        self.problems = []
        self.warnings = []

    def problem(self, file, where, field, message):
        self.problems.append(Problem(str(file), str(where), str(field), message))

    def warn(self, file, where, field, message):
        self.warnings.append(Problem(str(file), str(where), str(field), message))

    def raise_if_any(self):
        if self.problems:
            raise ValidationError(self.problems)
