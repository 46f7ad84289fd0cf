#!/usr/bin/env bash
# Mutation score of the modules that decide what a pharmacist reads or what is
# written to disk ([tool.mutmut] in pyproject.toml; results in docs/mutation.md).
#
#   tools/mutation.sh                          every configured module
#   tools/mutation.sh denocompare/core/compare.py denocompare/output/writers.py
#
# Needs the mutation extra (pip install -e '.[mutation,test]'). Works in a copy under
# mutants/ (git-ignored); a second run reuses its results for unchanged code and tests.
# Not part of the normal test run: it runs the tests once per mutant.
set -euo pipefail
cd "$(dirname "$0")/.."
children="${MUTATION_CHILDREN:-2}"
patterns=()
for module in "$@"; do
    # denocompare/core/compare.py -> denocompare.core.compare.* (mutmut's mutant names)
    name="${module%.py}"
    patterns+=("${name//\//.}.*")
done
mutmut run --max-children "$children" "${patterns[@]}"
# The survivors, one per line, then the counts (killed, survived, ...) per module.
mutmut results
python - "${patterns[@]}" <<'PY'
import collections, fnmatch, json, pathlib, sys

from mutmut.stats import status_by_exit_code

counts = collections.defaultdict(collections.Counter)
for meta in sorted(pathlib.Path("mutants").rglob("*.py.meta")):
    module = str(meta.relative_to("mutants"))[:-len(".py.meta")].replace("/", ".")
    for name, code in json.loads(meta.read_text())["exit_code_by_key"].items():
        if not sys.argv[1:] or any(fnmatch.fnmatch(name, p) for p in sys.argv[1:]):
            counts[module][status_by_exit_code[code]] += 1
for module, c in counts.items():
    total, caught = sum(c.values()), c["killed"] + c["timeout"]  # a timeout is caught too
    checked = total - c["not checked"]
    print(f"{module}: {caught}/{total} caught ({100 * caught / total:.0f} %);"
          f" of {checked} checked, {100 * caught / max(checked, 1):.0f} %", dict(c))
PY
