# The issues say "make demo"; the two set-up commands live in ./tasks (it needs no make), and these targets call it.
.PHONY: demo test

demo:
	./tasks demo

test:
	./tasks test
