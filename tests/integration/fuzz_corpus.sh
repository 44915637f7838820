#!/usr/bin/env bash
# Every libFuzzer target (tests/fuzz/), briefly: replays its committed
# corpus and crash reproducers and its seeds, then fuzzes for a couple of
# seconds. Fails on any crash, sanitizer report or broken property.
# `make fuzz` is the long run.
exec "$(dirname "$0")/../fuzz/run.sh" --seconds "${FUZZ_SUITE_SECONDS:-2}"
