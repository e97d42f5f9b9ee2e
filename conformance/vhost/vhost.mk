# SPDX-License-Identifier: GPL-2.0-only
# conformance/vhost/vhost.mk - the vhost-user tier: pvvhost-backend (a
# virtio-net back-end on the reference device, the driver checker judging
# the front-end), pvvhost-frontend (a vhost-user front-end driven by the
# reference driver or by the device checker, judging the back-end), their
# tests, and run-vhost.py, which the targets in
# conformance/targets/{vhost,dpdk,qemu}*.cfg call.
#
#   make vhost              $(BUILD)/conformance/pvvhost-{backend,frontend}
#   make vhost-unit         malformed-message and protocol unit tests ->
#                           $(BUILD)/tests/vhost-unit.tap
#   make vhost-selftest     pvvhost-frontend against pvvhost-backend ->
#                           $(BUILD)/tests/vhost-self.tap
#   make bench-vhost        frames/s through vhost-user pairs -> $(BUILD)/bench/vhost.txt

VHOST_DIR   := conformance/vhost
VHOST_INC   := -Ireference/include -Iconformance/checkers -I$(VHOST_DIR) -Ireference/tests
VHOST_CORE  := $(VHOST_DIR)/vu_backend.c $(VHOST_DIR)/vu_blk.c $(VHOST_DIR)/vu_mem.c \
	$(VHOST_DIR)/vu_msg.c $(VHOST_DIR)/vu_net.c $(VHOST_DIR)/vu_vring.c
VHOST_CHK   := $(sort $(wildcard conformance/checkers/*.c))
VHOST_BE    := $(VHOST_CORE) $(VHOST_DIR)/vu_tests.c $(VHOST_DIR)/pvvhost_backend.c
VHOST_FE    := $(VHOST_DIR)/vu_msg.c $(VHOST_DIR)/vu_frontend.c $(VHOST_DIR)/pvvhost_frontend.c
VHOST_UT    := $(VHOST_CORE) $(sort $(wildcard $(VHOST_DIR)/tests/*.c)) reference/tests/ut_main.c
VHOST_OBJ    = $(patsubst %.c,$(OUT)/vhost/%.o,$(1))
# reference.mk is read after this file: name its library directly
VHOST_REF_LIB := $(OUT)/libpvref.a

VHOST_BE_BIN := $(BUILD)/conformance/pvvhost-backend
VHOST_FE_BIN := $(BUILD)/conformance/pvvhost-frontend
VHOST_UT_BIN := $(OUT)/vhost/pvvhost-unit

$(OUT)/vhost/%.o: %.c
	$(quiet) CC "$@"
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS_BASE) $(VHOST_INC) -MMD -MP -c $< -o $@

$(OUT)/vhost/pvvhost-backend: $(call VHOST_OBJ,$(VHOST_BE) $(VHOST_CHK)) $(VHOST_REF_LIB)
	$(quiet) LD "$@"
	$(Q)$(CC) $(LDFLAGS_BASE) -o $@ $^

$(OUT)/vhost/pvvhost-frontend: $(call VHOST_OBJ,$(VHOST_FE) $(VHOST_CHK)) $(VHOST_REF_LIB)
	$(quiet) LD "$@"
	$(Q)$(CC) $(LDFLAGS_BASE) -o $@ $^

$(VHOST_UT_BIN): $(call VHOST_OBJ,$(VHOST_UT) $(VHOST_CHK)) $(VHOST_REF_LIB)
	$(quiet) LD "$@"
	$(Q)$(CC) $(LDFLAGS_BASE) -o $@ $^

# The tier's binaries (built for VARIANT) where the cfg commands find them.
$(BUILD)/conformance/pvvhost-%: $(OUT)/vhost/pvvhost-%
	@mkdir -p $(dir $@)
	$(Q)cp $< $@

.PHONY: vhost vhost-unit
vhost: $(VHOST_BE_BIN) $(VHOST_FE_BIN)

vhost-unit: $(VHOST_UT_BIN)
	@mkdir -p $(BUILD)/tests
	$(Q)set -o pipefail; $(VHOST_UT_BIN) | tee $(BUILD)/tests/vhost-unit.tap | grep -v '^ok '

# pvvhost-frontend against pvvhost-backend (both layouts, both driver
# engines), KTAP folded into TAP with the closing summary line.
VHOST_SELF_TAP := $(BUILD)/tests/vhost-self.tap
vhost-selftest: $(VHOST_BE_BIN) $(VHOST_FE_BIN)
	@mkdir -p $(BUILD)/tests
	$(Q)set -o pipefail; for s in "1 reference" "0 reference" "1 checker" "0 checker"; do \
		set -- $$s; \
		PVC_BUILD=$(abspath $(BUILD)) $(PYTHON) $(VHOST_DIR)/run-vhost.py self --packed $$1 \
			--engine $$2 --seconds 2 2>/dev/null | \
			sed "s/^\(\(not \)\{0,1\}ok [0-9]* \)/\1$$2-$$(test $$1 = 1 && echo packed || echo split): /" \
			|| exit 1; \
	done | awk ' \
		/^(not )?ok [0-9]+ / { \
			n++; line = $$0; sub(/^(not )?ok [0-9]+ /, "", line); \
			if ($$0 ~ /^not ok/) { f++; print "not ok " n " " line; } \
			else { if (line ~ / # SKIP/) s++; else p++; print "ok " n " " line; } \
			next } \
		/^#/ { print; next } \
		END { print "1.." n; print p+0 " passed, " f+0 " failed, " s+0 " skipped"; \
		      exit (f > 0 || n == 0) }' > $(VHOST_SELF_TAP); \
	rc=$$?; grep -E '^not ok|passed, ' $(VHOST_SELF_TAP); exit $$rc

.PHONY: vhost-selftest bench-vhost
TEST_TARGETS += vhost-unit vhost-selftest

# Frames per second through vhost-user pairs (DPDK as the baseline) ->
# $(BUILD)/bench/vhost.txt.  VHOST_BENCH_RUNS runs of 4 s per pair.
VHOST_BENCH_RUNS ?= 3
bench-vhost: $(VHOST_BE_BIN) $(VHOST_FE_BIN)
	@mkdir -p $(BUILD)/bench
	$(Q)PVC_BUILD=$(abspath $(BUILD)) $(PYTHON) $(VHOST_DIR)/run-vhost.py bench \
		--runs $(VHOST_BENCH_RUNS) | tee $(BUILD)/bench/vhost.txt

BENCH_TARGETS += bench-vhost
CONFORMANCE_TIERS += vhost

-include $(patsubst %.o,%.d,$(call VHOST_OBJ,$(sort $(VHOST_BE) $(VHOST_FE) $(VHOST_UT) $(VHOST_CHK))))
