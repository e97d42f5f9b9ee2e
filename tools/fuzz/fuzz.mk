# SPDX-License-Identifier: GPL-2.0-only
# tools/fuzz/: libFuzzer targets (clang -fsanitize=fuzzer).  Not part of
# 'make test': fuzzing has no fixed end.  Run for a while with
#   make fuzz-kvmpv && $(BUILD)/fuzz/kvmpv-host-fuzz -max_total_time=60

FUZZ_OUT := $(BUILD)/fuzz
FUZZ_CFLAGS := -std=c11 -O1 -g $(WARNINGS) -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -D_GNU_SOURCE -Ireference/include
KVMPV_FUZZ_SRCS := tools/fuzz/kvmpv_host_fuzz.c $(sort $(wildcard reference/host/kvmpv_*.c)) \
	reference/platform/plat_c11.c

.PHONY: fuzz-kvmpv
fuzz-kvmpv: $(FUZZ_OUT)/kvmpv-host-fuzz
$(FUZZ_OUT)/kvmpv-host-fuzz: $(KVMPV_FUZZ_SRCS) $(wildcard reference/include/*.h)
	$(quiet) FUZZ "$@"
	@mkdir -p $(dir $@)
	$(Q)clang $(FUZZ_CFLAGS) -o $@ $(KVMPV_FUZZ_SRCS)
