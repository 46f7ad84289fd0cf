#!/usr/bin/env bash
# Mutation score of the modules that decide what a pharmacist reads or what is
# written to disk ([tool.mutmut] in pyproject.toml; results in docs/mutation.md).
#
#   tools/mutation.sh                          every configured module
#   tools/mutation.sh denocompare/core/compare.py denocompare/output/writers.py
#   tools/mutation.sh --since REV --min 85     the configured modules changed since REV;
#                                              fails if any scores under 85 %
#   tools/mutation.sh --by-folder ...          each module against its own package's tests
#                                              only (denocompare/io/x.py: tests/io), in a
#                                              copy per package under mutants-by-folder/
#
# --by-folder: validation is reached by nearly every test (they all load a dataset), so
# with the whole selection a surviving io mutant runs 130-250 tests; with tests/io alone
# the 545 mutants of study_checks and attribute_checks took 5 minutes instead of not being
# reached in 72 (docs/mutation.md). A mutant only another package's tests catch survives.
#
# `--since` with no configured module changed does nothing and succeeds (CI runs it
# against the commit of the last whole run, docs/mutation-commit). Needs the mutation
# extra (pip install -e '.[mutation,test]'). Works in a copy under mutants/
# (git-ignored); a second run reuses its results for unchanged code and tests. Not part
# of the normal test run: it runs the tests once per mutant.
set -euo pipefail
cd "$(dirname "$0")/.."
children="${MUTATION_CHILDREN:-2}"
# mutmut run, each mutant's tests run in a session collected once (tools/mutmut_run.py);
# MUTATION_RUNNER=stock runs mutmut's own, to compare.
run_mutmut() {
    if [ "${MUTATION_RUNNER:-}" = stock ]; then mutmut run "$@"; else python tools/mutmut_run.py run "$@"; fi
}
since="" minimum=0 modules=() by_folder=""
while [ $# -gt 0 ]; do
    case "$1" in
        --since) since="$2"; shift 2 ;;
        --min) minimum="$2"; shift 2 ;;
        --by-folder) by_folder=1; shift ;;
        *) modules+=("$1"); shift ;;
    esac
done
configured() {  # the only_mutate list of pyproject.toml, one per line
    python -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["tool"]["mutmut"]["only_mutate"], sep="\n")'
}
if [ -n "$since" ]; then
    changed="$(git diff --name-only "$since" HEAD -- $(configured))"
    if [ -z "$changed" ]; then
        echo "mutation: no configured module changed since $since; nothing to run"
        exit 0
    fi
    mapfile -t modules <<<"$changed"
    echo "mutation: changed since $since: ${modules[*]}"
fi
patterns=()
for module in "${modules[@]}"; do
    # denocompare/core/compare.py -> denocompare.core.compare.* (mutmut's mutant names)
    name="${module%.py}"
    patterns+=("${name//\//.}.*")
done
roots=(mutants)
if [ -n "$by_folder" ]; then
    [ ${#modules[@]} -gt 0 ] || mapfile -t modules < <(configured)
    roots=()
    for package in $(printf '%s\n' "${modules[@]}" | cut -d/ -f2 | sort -u); do
        work="mutants-by-folder/$package" mine=()
        for module in "${modules[@]}"; do
            [ "$(echo "$module" | cut -d/ -f2)" = "$package" ] && mine+=("$module")
        done
        mkdir -p "$work"  # the tree as it is now; a second run reuses mutants/ there
        git ls-files -z | xargs -0 tar -cf - | tar -xf - -C "$work"
        python - "$work/pyproject.toml" "tests/$package" "${mine[@]}" <<'PY'
import pathlib, sys

path, tests, mine = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
text = path.read_text()
start = text.index("only_mutate = [")
text = text[:start] + "only_mutate = [" + "".join(f'"{m}", ' for m in mine) + \
    text[text.index("]", start):]
folders = '"tests/core", "tests/output", "tests/io", "tests/plotting",'
assert folders in text, "pyproject.toml: the selection's folders line changed"
path.write_text(text.replace(folders, f'"{tests}",'))
PY
        echo "mutation: ${mine[*]} against $package's tests ($work)"
        (cd "$work" && run_mutmut --max-children "$children" && mutmut results)
        roots+=("$work/mutants")
    done
else
    run_mutmut --max-children "$children" "${patterns[@]}"
    # The survivors, one per line, then the counts (killed, survived, ...) per module.
    mutmut results
fi
python - "$minimum" "${roots[*]}" "${patterns[@]}" <<'PY'
import collections, fnmatch, json, pathlib, sys

from mutmut.stats import status_by_exit_code

minimum, roots, wanted = float(sys.argv[1]), sys.argv[2].split(), sys.argv[3:]
counts = collections.defaultdict(collections.Counter)
for root, meta in sorted((r, m) for r in roots for m in pathlib.Path(r).rglob("*.py.meta")):
    module = str(meta.relative_to(root))[:-len(".py.meta")].replace("/", ".")
    for name, code in json.loads(meta.read_text())["exit_code_by_key"].items():
        if not wanted or any(fnmatch.fnmatch(name, p) for p in wanted):
            counts[module][status_by_exit_code[code]] += 1
under, all_total, all_caught = [], 0, 0
for module, c in sorted(counts.items()):
    total, caught = sum(c.values()), c["killed"] + c["timeout"]  # a timeout is caught too
    all_total, all_caught = all_total + total, all_caught + caught
    score = 100 * caught / max(total, 1)
    print(f"{module}: {caught}/{total} caught ({score:.1f} %)", dict(c))
    if score < minimum:
        under.append(f"{module} {score:.1f} %")
print(f"all: {all_caught}/{all_total} caught ({100 * all_caught / max(all_total, 1):.1f} %)")
if under:
    sys.exit(f"mutation: under {minimum:g} %: " + "; ".join(under))
PY
