# SPDX-License-Identifier: GPL-2.0-only
# conformance/vhost/vhost.mk - the vhost-user tier: pvvhost-backend (a
# virtio-net back-end on the reference device, the driver checker judging
# the front-end), pvvhost-frontend (the reference driver as a vhost-user
# front-end, the device checker judging the back-end), their unit test,
# and the runner the targets in conformance/targets/{vhost,dpdk,qemu}*.cfg
# call.
#
#   make vhost              $(BUILD)/conformance/pvvhost-{backend,frontend}
#   make vhost-unit         malformed-message and protocol unit tests ->
#                           $(BUILD)/tests/vhost-unit.tap

VHOST_DIR   := conformance/vhost
VHOST_INC   := -Ireference/include -Iconformance/checkers -I$(VHOST_DIR) -Ireference/tests
VHOST_CORE  := $(VHOST_DIR)/vu_backend.c $(VHOST_DIR)/vu_mem.c $(VHOST_DIR)/vu_msg.c \
	$(VHOST_DIR)/vu_net.c $(VHOST_DIR)/vu_vring.c
VHOST_CHK   := $(sort $(wildcard conformance/checkers/*.c))
VHOST_BE    := $(VHOST_CORE) $(VHOST_DIR)/vu_tests.c $(VHOST_DIR)/pvvhost_backend.c
VHOST_FE    := $(VHOST_DIR)/vu_msg.c $(VHOST_DIR)/vu_frontend.c $(VHOST_DIR)/pvvhost_frontend.c
VHOST_UT    := $(VHOST_CORE) $(sort $(wildcard $(VHOST_DIR)/tests/*.c))
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

TEST_TARGETS += vhost-unit
CONFORMANCE_TIERS += vhost

-include $(patsubst %.o,%.d,$(call VHOST_OBJ,$(sort $(VHOST_BE) $(VHOST_FE) $(VHOST_UT) $(VHOST_CHK))))
