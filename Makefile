# bssdash: terminal dashboard for Huawei Cloud's BSS API, and bsssim, its simulator.
#
#   make demo        build and run the dashboard against the embedded simulator
#   make test        unit + integration + e2e + conformance; ends with "N passed, N failed"
#   make check-asan  the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   make fuzz        every libFuzzer target for FUZZ_SECONDS (default 60) each
#   make valgrind    the suites with every program under valgrind memcheck
#   make soak        10 minutes of the dashboard under every fault (SOAK_SECONDS)
#   make deps        install the Debian packages needed to build, test and take screenshots
#   make screenshots the real dashboard on bsssim, captured in tmux, as screenshots/*.png
#
# Libraries are found with pkg-config. When one is missing, `make`, `make demo`
# and `make test` run `make deps` by themselves (Debian, as root).

PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
DATADIR  ?= $(PREFIX)/share
MANDIR   ?= $(DATADIR)/man
DESTDIR  ?=
BUILDDIR ?= build
SHARED   ?= $(abspath ../shared)

VERSION  := 0.1.0
APP_PKGS := ncursesw libcurl libcjson libcrypto libuv libmicrohttpd
TEST_PKGS := cmocka
# Debian 12 packages: libraries, the tools the tests drive (tmux, node/npm for the
# conformance suite and the SDK comparisons), clang for the fuzzers, valgrind, gdb
# (tests/e2e/secrets_exit.sh dumps the memory of a process at exit), for
# `make screenshots` an SVG renderer, fonts with CJK glyphs and a PNG shrinker,
# and for `make bench` curl (the simulator's admin API).
DEB_PKGS := build-essential pkg-config libncurses-dev libcurl4-openssl-dev libcjson-dev \
	libssl-dev libuv1-dev libmicrohttpd-dev libcmocka-dev tmux nodejs npm clang \
	libclang-rt-14-dev openssl procps psmisc ca-certificates \
	librsvg2-bin fonts-dejavu-core fonts-noto-cjk pngquant valgrind gdb curl
TOOLS    := pkg-config tmux node npm

CC       ?= cc
CFLAGS   ?= -O2 -g
STD_FLAGS := -std=c11 -Wall -Wextra -Wpedantic -Werror -D_GNU_SOURCE -DBSSDASH_VERSION='"$(VERSION)"'
CPPFLAGS += -Isrc -MMD -MP
# Every symbol bound at start: lazy binding saves the vector registers, which
# may hold a secret just copied, on the stack where nothing wipes them
# (tests/e2e/secrets_exit.sh); and the relocations read-only after that.
LDFLAGS  += -Wl,-z,relro,-z,now
ifeq ($(SAN),1)
CFLAGS   := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
LDFLAGS  += -fsanitize=address,undefined
endif

.PHONY: all deps test check-asan demo bench fuzz valgrind screenshots soak install uninstall clean help

all: $(BUILDDIR)/bssdash $(BUILDDIR)/bsssim

# Keep test objects: they are not intermediates to throw away.
.SECONDARY:

# --- dependencies -----------------------------------------------------------
NODEPS_GOALS := clean deps help uninstall
ifneq ($(filter-out $(NODEPS_GOALS),$(or $(MAKECMDGOALS),all)),)
include $(BUILDDIR)/config.mk
endif

$(BUILDDIR)/config.mk: Makefile
	@mkdir -p $(@D)
	@if ! pkg-config --exists $(APP_PKGS) $(TEST_PKGS) 2>/dev/null || \
	    ! (for t in $(TOOLS); do command -v $$t >/dev/null || exit 1; done); then \
		echo "make: some libraries or tools are missing; running 'make deps'"; \
		$(MAKE) --no-print-directory deps || exit 1; \
	fi
	@{ echo "APP_CFLAGS := $$(pkg-config --cflags $(APP_PKGS))"; \
	   echo "APP_LIBS := $$(pkg-config --libs $(APP_PKGS)) -lm"; \
	   echo "TEST_CFLAGS := $$(pkg-config --cflags $(TEST_PKGS))"; \
	   echo "TEST_LIBS := $$(pkg-config --libs $(TEST_PKGS))"; } > $@

deps:
	@if [ -r /etc/debian_version ] && command -v apt-get >/dev/null; then \
		missing=$$(for p in $(DEB_PKGS); do \
			dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
		if [ -z "$$missing" ]; then echo "deps: all Debian packages present"; exit 0; fi; \
		echo "deps: installing:" $$missing; \
		if [ "$$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	else \
		echo "deps: not a Debian system. Install with your package manager:"; \
		echo "  a C11 compiler, make, pkg-config, and the development files of"; \
		echo "  ncursesw, libcurl (OpenSSL), cJSON, OpenSSL libcrypto, libuv, libmicrohttpd, cmocka;"; \
		echo "  tmux, Node.js + npm (tests), clang with libFuzzer (make fuzz);"; \
		echo "  rsvg-convert (librsvg), pngquant, DejaVu and Noto CJK fonts (make screenshots)."; \
		echo "  Fedora: dnf install gcc make pkgconf ncurses-devel libcurl-devel cjson-devel openssl-devel"; \
		echo "          libuv-devel libmicrohttpd-devel libcmocka-devel tmux nodejs npm clang compiler-rt"; \
		echo "  Arch:   pacman -S base-devel ncurses curl cjson openssl libuv libmicrohttpd cmocka tmux nodejs npm clang"; \
		exit 1; \
	fi

# --- sources ------------------------------------------------------------------
# Every .c below src/ except the two main() files goes into one archive; each
# program and test links only what it uses from it.
LIB_SRCS := $(filter-out src/sim/bsssim.c,$(wildcard src/util/*.c src/api/*.c src/app/*.c \
	src/tui/*.c src/cli/*.c src/sim/*.c))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILDDIR)/obj/%.o)
TESTLIB_SRCS := $(wildcard tests/lib/*.c)
TESTLIB_OBJS := $(TESTLIB_SRCS:%.c=$(BUILDDIR)/obj/%.o)
CTEST_SRCS := $(wildcard tests/unit/test_*.c tests/integration/test_*.c)
CTESTS := $(CTEST_SRCS:tests/%.c=$(BUILDDIR)/tests/%)

ALL_CFLAGS = $(STD_FLAGS) $(CPPFLAGS) $(APP_CFLAGS) $(CFLAGS)

$(BUILDDIR)/obj/%.o: %.c $(BUILDDIR)/config.mk
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILDDIR)/obj/tests/%.o: tests/%.c $(BUILDDIR)/config.mk
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests $(TEST_CFLAGS) -c -o $@ $<

$(BUILDDIR)/libbssdash.a: $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILDDIR)/libtest.a: $(TESTLIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^ $(if $(TESTLIB_OBJS),,)

$(BUILDDIR)/bssdash: $(BUILDDIR)/obj/src/main.o $(BUILDDIR)/libbssdash.a
	$(CC) $(LDFLAGS) -o $@ $^ $(APP_LIBS)

$(BUILDDIR)/bsssim: $(BUILDDIR)/obj/src/sim/bsssim.o $(BUILDDIR)/libbssdash.a
	$(CC) $(LDFLAGS) -o $@ $^ $(APP_LIBS)

$(BUILDDIR)/tests/%: $(BUILDDIR)/obj/tests/%.o $(BUILDDIR)/libtest.a $(BUILDDIR)/libbssdash.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(TEST_LIBS) $(APP_LIBS)

# --- tests --------------------------------------------------------------------
# Suites: every C test program, every tests/{integration,e2e}/*.sh, and the
# conformance suite. tests/run-suites sums them into the final line.
SH_SUITES := $(sort $(wildcard tests/integration/*.sh tests/e2e/*.sh))
TEST_ENV = BSSDASH=$(abspath $(BUILDDIR)/bssdash) BSSSIM=$(abspath $(BUILDDIR)/bsssim) \
	FIXTURES=$(abspath tests/fixtures) SHARED=$(SHARED) BUILDDIR=$(abspath $(BUILDDIR))

test: all $(CTESTS)
	@$(TEST_ENV) tests/run-suites $(BUILDDIR)/test-logs $(CTESTS) $(SH_SUITES) $(wildcard tests/conformance.sh)

check-asan:
	@$(MAKE) --no-print-directory BUILDDIR=build-asan SAN=1 test

demo: all
	$(BUILDDIR)/bssdash --demo

# Benchmarks (bench/run; not part of `make test`): bench/*.c are its small C programs.
BENCH_BINS := $(patsubst bench/%.c,$(BUILDDIR)/bench/%,$(wildcard bench/*.c))

$(BUILDDIR)/bench/%: bench/%.c $(BUILDDIR)/libbssdash.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILDDIR)/libbssdash.a $(APP_LIBS)

bench: all $(BENCH_BINS)
	@$(TEST_ENV) bench/run

# tests/screenshots/run.sh has the table of shots (name, size, keys); a new screen is a row there.
screenshots: all
	@command -v rsvg-convert >/dev/null && command -v pngquant >/dev/null && command -v fc-list >/dev/null && \
		fc-list :lang=zh family | grep -q . || $(MAKE) --no-print-directory deps
	@$(TEST_ENV) tests/screenshots/run.sh screenshots

# SOAK_SECONDS (default 600) of the dashboard against bsssim with every fault at
# 5%: RSS and descriptors flat, every view still updating (tests/soak/soak.sh);
# the figures go to bench/soak.md.
soak: all
	@$(TEST_ENV) tests/soak/soak.sh

# Every libFuzzer target for FUZZ_SECONDS each (clang, ASan+UBSan, in build-fuzz/;
# the corpus grows in build-fuzz/corpus/); the figures of the run go to
# docs/fuzz-results.md. `make test` runs them briefly.
FUZZ_SECONDS ?= 60
fuzz: $(BUILDDIR)/config.mk
	@FUZZ_SECONDS=$(FUZZ_SECONDS) $(TEST_ENV) tests/fuzz/run.sh --keep --summary docs/fuzz-results.md

# The C test programs and the integration and e2e suites with every program
# under valgrind memcheck (not part of `make test`: it takes a while).
valgrind: all $(CTESTS)
	@$(TEST_ENV) tests/valgrind/run.sh $(CTESTS) $(filter-out %/fuzz_corpus.sh,$(SH_SUITES))

# --- install ------------------------------------------------------------------
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/bssdash/themes
	install -m 755 $(BUILDDIR)/bssdash $(BUILDDIR)/bsssim $(DESTDIR)$(BINDIR)/
	install -m 644 themes/*.theme $(DESTDIR)$(DATADIR)/bssdash/themes/ 2>/dev/null || true
	if [ -f docs/bssdash.1 ]; then install -d $(DESTDIR)$(MANDIR)/man1 && \
		install -m 644 docs/bssdash.1 $(DESTDIR)$(MANDIR)/man1/; fi
	install -d $(DESTDIR)$(DATADIR)/bash-completion/completions
	install -m 644 docs/bssdash.bash $(DESTDIR)$(DATADIR)/bash-completion/completions/bssdash

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/bssdash $(DESTDIR)$(BINDIR)/bsssim $(DESTDIR)$(MANDIR)/man1/bssdash.1
	rm -f $(DESTDIR)$(DATADIR)/bash-completion/completions/bssdash
	rm -rf $(DESTDIR)$(DATADIR)/bssdash

clean:
	rm -rf build build-asan build-fuzz

help:
	@sed -n '1,/^$$/p' Makefile | sed 's/^# \{0,1\}//'

-include $(shell find $(BUILDDIR)/obj -name '*.d' 2>/dev/null)
