# libFuzzer build, separate from the gcc build: every src/ file (except the
# two main()s) is compiled again with clang under ASan + UBSan and coverage
# instrumentation into $(FUZZDIR)/libbssdash.a; each tests/fuzz/fuzz_*.c is a
# target linked against it with the helpers in tests/fuzz/lib/.
#
#   make -f tests/fuzz/fuzz.mk [FUZZDIR=build-fuzz] [CONFIG_MK=build/config.mk] all
#
# The top Makefile's `fuzz` target and tests/integration/fuzz_corpus.sh call
# this through tests/fuzz/run.sh; CONFIG_MK gives the pkg-config flags the
# gcc build already found.

FUZZDIR   ?= build-fuzz
CONFIG_MK ?= build/config.mk
FUZZ_CC   ?= clang

include $(CONFIG_MK)

SAN        := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# No -Werror on the library: a warning only clang gives must not stop the
# fuzzers of code whose owner builds with gcc. The targets keep -Werror.
BASE_FLAGS := -std=c11 -Wall -Wextra -Wpedantic -D_GNU_SOURCE -DBSSDASH_VERSION='"fuzz"' \
	-O1 -g $(SAN) -Isrc -MMD -MP $(APP_CFLAGS)

SRCS    := $(filter-out src/sim/bsssim.c,$(wildcard src/util/*.c src/api/*.c src/app/*.c \
	src/tui/*.c src/cli/*.c src/sim/*.c))
OBJS    := $(SRCS:%.c=$(FUZZDIR)/obj/%.o)
HELPERS := $(wildcard tests/fuzz/lib/*.c)
HOBJS   := $(HELPERS:%.c=$(FUZZDIR)/obj/%.o)
TARGETS := $(patsubst tests/fuzz/%.c,$(FUZZDIR)/%,$(wildcard tests/fuzz/fuzz_*.c))
TOOLS   := $(patsubst tests/fuzz/tools/%.c,$(FUZZDIR)/tools/%,$(wildcard tests/fuzz/tools/*.c))

.PHONY: all
all: $(TARGETS) $(TOOLS)

# Keep the objects of the targets and tools (intermediates of the pattern rules).
.PRECIOUS: $(FUZZDIR)/obj/%.o

$(FUZZDIR)/obj/src/%.o: src/%.c $(CONFIG_MK) tests/fuzz/fuzz.mk
	@mkdir -p $(@D)
	$(FUZZ_CC) $(BASE_FLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZDIR)/obj/tests/%.o: tests/%.c $(CONFIG_MK)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(BASE_FLAGS) -Werror -Itests/fuzz/lib -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZDIR)/libbssdash.a: $(OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(FUZZDIR)/fuzz_%: $(FUZZDIR)/obj/tests/fuzz/fuzz_%.o $(HOBJS) $(FUZZDIR)/libbssdash.a
	$(FUZZ_CC) $(SAN) -fsanitize=fuzzer -o $@ $^ $(APP_LIBS)

# Seed generators: ordinary programs (no libFuzzer main) over the same objects.
$(FUZZDIR)/tools/%: $(FUZZDIR)/obj/tests/fuzz/tools/%.o $(HOBJS) $(FUZZDIR)/libbssdash.a
	@mkdir -p $(@D)
	$(FUZZ_CC) $(SAN) -o $@ $^ $(APP_LIBS)

-include $(shell find $(FUZZDIR)/obj -name '*.d' 2>/dev/null)
