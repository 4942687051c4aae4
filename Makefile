# The two commands of the README; each installs what it needs and is idempotent.
.PHONY: demo test bench

demo:
	scripts/demo.sh

test:
	scripts/test.sh

bench:
	bench/run --quick
