# SPDX-License-Identifier: GPL-2.0-only
# tools/clxfer: cache-line transfers per buffer of the reference virtqueues,
# measured by trapping every ring access (conformance/lib/pvc_wtrap.c) and
# counting with a two-party MESI model, next to the spec's "Performance
# notes" table.  'make clxfer' prints the table (and keeps it in
# $(BUILD)/bench/clxfer.txt); 'make clxfer-selftest' writes
# $(BUILD)/tests/clxfer.tap.

CLXFER_SRCS := tools/clxfer/clxfer_model.c tools/clxfer/clxfer_area.c \
	tools/clxfer/clxfer_spec.c tools/clxfer/clxfer_run.c conformance/lib/pvc_wtrap.c
CLXFER_OBJS := $(CLXFER_SRCS:%.c=$(OUT)/clxfer/%.o)
CLXFER_BIN  := $(OUT)/tools/clxfer
CLXFER_TEST := $(OUT)/tools/clxfer-selftest
CLXFER_ARGS ?=

$(OUT)/clxfer/%.o: %.c
	$(quiet) CC "$@"
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS_BASE) $(REF_INC) -Iconformance/lib -Itools/clxfer -MMD -MP -c $< -o $@

$(CLXFER_BIN): $(OUT)/clxfer/tools/clxfer/clxfer.o $(CLXFER_OBJS) $(REF_LIB)
	$(quiet) LD "$@"
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(LDFLAGS_BASE) -o $@ $^

$(CLXFER_TEST): $(OUT)/clxfer/tools/clxfer/clxfer_selftest.o $(CLXFER_OBJS) $(REF_LIB)
	$(quiet) LD "$@"
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(LDFLAGS_BASE) -o $@ $^

-include $(CLXFER_OBJS:.o=.d) $(OUT)/clxfer/tools/clxfer/clxfer.d \
	$(OUT)/clxfer/tools/clxfer/clxfer_selftest.d

.PHONY: clxfer clxfer-selftest
clxfer: $(CLXFER_BIN)
	@mkdir -p $(BUILD)/bench
	$(Q)set -o pipefail; timeout 300 $(CLXFER_BIN) $(CLXFER_ARGS) | tee $(BUILD)/bench/clxfer.txt

clxfer-selftest: $(CLXFER_TEST)
	@mkdir -p $(BUILD)/tests
	$(Q)set -o pipefail; timeout 300 $(CLXFER_TEST) | tee $(BUILD)/tests/clxfer.tap | grep -v '^ok '

BENCH_TARGETS += clxfer
TEST_TARGETS += clxfer-selftest
