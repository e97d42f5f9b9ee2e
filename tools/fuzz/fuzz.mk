# SPDX-License-Identifier: GPL-2.0-only
# tools/fuzz/: libFuzzer targets (clang -fsanitize=fuzzer,address,undefined).
# Not part of 'make test': fuzzing has no fixed end.  A short deterministic
# run of each target's core is part of the unit tests (test_fuzz_*.c).
#
#   make fuzz                      build every target
#   make fuzz-run FUZZ_TIME=60     run each for FUZZ_TIME seconds, corpora in
#                                  $(BUILD)/fuzz/corpus-<name>
#   $(BUILD)/fuzz/virtq-ring-fuzz -max_total_time=60 <corpus dir>

FUZZ_OUT := $(BUILD)/fuzz
FUZZ_TIME ?= 60
FUZZ_CFLAGS := -std=c11 -O1 -g $(WARNINGS) -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -D_GNU_SOURCE -Ireference/include
KVMPV_FUZZ_SRCS := tools/fuzz/kvmpv_host_fuzz.c $(sort $(wildcard reference/host/kvmpv_*.c)) \
	reference/platform/plat_c11.c
# the reference virtqueues (both sides) and the shared fuzz case
VIRTQ_FUZZ_LIB := $(sort $(wildcard reference/guest/virtq_*.c reference/host/virtq_*.c)) \
	reference/platform/plat_c11.c reference/tests/test_fuzz_core.c
VIRTQ_FUZZ_INC := -Ireference/guest -Ireference/host -Ireference/tests
FUZZ_TARGETS := kvmpv-host-fuzz virtq-ring-fuzz virtq-dev-ring-fuzz

.PHONY: fuzz fuzz-kvmpv fuzz-virtq fuzz-run
fuzz: $(FUZZ_TARGETS:%=$(FUZZ_OUT)/%)
fuzz-kvmpv: $(FUZZ_OUT)/kvmpv-host-fuzz
fuzz-virtq: $(FUZZ_OUT)/virtq-ring-fuzz $(FUZZ_OUT)/virtq-dev-ring-fuzz

$(FUZZ_OUT)/kvmpv-host-fuzz: $(KVMPV_FUZZ_SRCS) $(wildcard reference/include/*.h)
	$(quiet) FUZZ "$@"
	@mkdir -p $(dir $@)
	$(Q)clang $(FUZZ_CFLAGS) -o $@ $(KVMPV_FUZZ_SRCS)

$(FUZZ_OUT)/virtq-ring-fuzz: tools/fuzz/virtq_ring_fuzz.c $(VIRTQ_FUZZ_LIB) \
		$(wildcard reference/include/*.h reference/tests/test_fuzz_core.h)
	$(quiet) FUZZ "$@"
	@mkdir -p $(dir $@)
	$(Q)clang $(FUZZ_CFLAGS) $(VIRTQ_FUZZ_INC) -o $@ $< $(VIRTQ_FUZZ_LIB)

$(FUZZ_OUT)/virtq-dev-ring-fuzz: tools/fuzz/virtq_dev_ring_fuzz.c $(VIRTQ_FUZZ_LIB) \
		$(wildcard reference/include/*.h reference/tests/test_fuzz_core.h)
	$(quiet) FUZZ "$@"
	@mkdir -p $(dir $@)
	$(Q)clang $(FUZZ_CFLAGS) $(VIRTQ_FUZZ_INC) -o $@ $< $(VIRTQ_FUZZ_LIB)

# Each target for FUZZ_TIME seconds; the last libFuzzer status line of each
# (executions, coverage) is printed.  A crash stops the run with its input.
fuzz-run: fuzz
	$(Q)for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_OUT)/corpus-$$t; \
		echo "== $$t ($(FUZZ_TIME) s)"; \
		$(FUZZ_OUT)/$$t -max_total_time=$(FUZZ_TIME) -print_final_stats=1 \
			-artifact_prefix=$(FUZZ_OUT)/$$t- $(FUZZ_OUT)/corpus-$$t \
			> $(FUZZ_OUT)/$$t.log 2>&1 || { tail -40 $(FUZZ_OUT)/$$t.log; exit 1; }; \
		grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' $(FUZZ_OUT)/$$t.log; \
	done
