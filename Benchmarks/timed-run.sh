# Sourced by the benchmark scripts.
# timed_run "OK_STATUSES" PREFIX command...: runs the command under /usr/bin/time, its output in
# PREFIX.out and PREFIX.err, and sets TIMED_S (wall seconds), TIMED_CPU (user + system seconds)
# and TIMED_KB (peak resident KiB).
# Any exit status outside OK_STATUSES stops the benchmark: a run that failed is short, and its
# time would otherwise enter a best-of or a median as if it had done the work.
timed_run() {
  local ok=$1 prefix=$2 status=0
  shift 2
  /usr/bin/time -f "%e %M %U %S" -o "$prefix.time" "$@" >"$prefix.out" 2>"$prefix.err" || status=$?
  case " $ok " in
    *" $status "*) ;;
    *)
      echo "benchmark stopped: exit status $status (expected one of: $ok) from: $*" >&2
      tail -n 20 "$prefix.err" >&2
      exit 2
      ;;
  esac
  # On a non-zero status GNU time writes a "Command exited with non-zero status" line first.
  local user system
  read -r TIMED_S TIMED_KB user system < <(tail -n 1 "$prefix.time")
  TIMED_CPU=$(awk "BEGIN{printf \"%.2f\", $user + $system}")
}

# median FILE: the median of the numbers in FILE, one per line.
median() { sort -n "$1" | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

# growth LARGER_TIME SMALLER_TIME LARGER_N SMALLER_N: "R.RRx time, D.DDx per doubling".
growth() {
  awk "BEGIN{printf \"%.2fx time, %.2fx per doubling\", $1/$2, exp(log($1/$2)*log(2)/log($3/$4))}"
}
