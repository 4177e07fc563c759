# Shared by the measuring scripts (linear.sh, instructions.sh,
# fixed-cost.sh): the tools they need, this checkout's release build, and
# the generated books they time. Sourced, not run; the caller has cd'ed
# to the repository's root.

# need SCRIPT HINT TOOL...: stops with a message naming the first of the
# TOOLs that is missing, and HINT (how to install them) if not empty.
need() {
    local script=$1 hint=$2
    shift 2
    for tool in "$@"; do
        command -v "$tool" >/dev/null || {
            echo "$script: \`$tool\` is needed${hint:+ ($hint)}" >&2
            exit 1
        }
    done
}

# repeated_books N...: builds bookpack and bookgen (release); sets `bin`
# (their folder) and `work` (a temporary folder, removed on exit), and
# makes in it the first chapter repeated as N chapters, `$work/repN`, for
# each N.
repeated_books() {
    cargo build --release --quiet --bin bookpack --example bookgen
    bin=${CARGO_TARGET_DIR:-target}/release
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    local n
    for n in "$@"; do
        "$bin/examples/bookgen" repeated "$n" "$work/rep$n" >/dev/null
    done
}
