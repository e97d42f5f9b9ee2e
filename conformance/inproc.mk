# SPDX-License-Identifier: GPL-2.0-only
# conformance/inproc.mk - the in-process tier: harness (conformance/lib/*.c),
# checkers, reference targets and the virtqueue tests, linked with
# libpvref into pvconform-inproc; its self-test; mutation testing.
#
#   make inproc                 $(BUILD)/conformance/pvconform-inproc (this VARIANT)
#   make conformance-selftest   run it on the reference targets ->
#                               $(BUILD)/tests/conformance-inproc.tap
#   make mutants                mutation testing of the reference code

INPROC_INC  := -Ireference/include -Iconformance/lib -Iconformance/checkers \
	-Iconformance/targets -Iconformance/tests/virtq
INPROC_SRCS := $(sort $(wildcard conformance/lib/*.c)) \
	$(sort $(wildcard conformance/checkers/*.c)) \
	$(sort $(wildcard conformance/targets/reference*.c)) \
	$(sort $(wildcard conformance/tests/virtq/*.c))
INPROC_OBJS := $(INPROC_SRCS:%.c=$(OUT)/inproc/%.o)
INPROC_VBIN := $(OUT)/inproc/pvconform-inproc
INPROC_BIN  := $(BUILD)/conformance/pvconform-inproc
INPROC_TARGETS := reference-packed reference-split
# reference.mk is read after this file: name its library directly
INPROC_REF_LIB := $(OUT)/libpvref.a

$(OUT)/inproc/%.o: %.c
	$(quiet) CC "$@"
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS_BASE) $(INPROC_INC) -MMD -MP -c $< -o $@

$(INPROC_VBIN): $(INPROC_OBJS) $(INPROC_REF_LIB)
	$(quiet) LD "$@"
	$(Q)$(CC) $(LDFLAGS_BASE) -o $@ $(INPROC_OBJS) $(INPROC_REF_LIB)

# The tier's binary: the one the cfg commands run (built for VARIANT).
$(INPROC_BIN): $(INPROC_VBIN)
	@mkdir -p $(dir $@)
	$(Q)cp $< $@

.PHONY: inproc conformance-selftest mutants
inproc: $(INPROC_BIN)

# KTAP of every reference target -> TAP with the closing summary line.
# A failing or erroring test fails the target (the reference must pass
# its own suite); SKIPs are counted apart.
INPROC_TAP := $(BUILD)/tests/conformance-inproc.tap
conformance-selftest: $(INPROC_VBIN)
	@mkdir -p $(BUILD)/tests
	$(Q)set -o pipefail; for t in $(INPROC_TARGETS); do \
		$(INPROC_VBIN) --target $$t --strict | sed "s/^\(\(not \)\{0,1\}ok [0-9]* \)/\1$$t: /" \
			|| exit 1; \
	done | awk ' \
		/^(not )?ok [0-9]+ / { \
			n++; line = $$0; sub(/^(not )?ok [0-9]+ /, "", line); \
			if ($$0 ~ /^not ok/) { f++; print "not ok " n " " line; } \
			else { if (line ~ / # SKIP/) s++; else p++; print "ok " n " " line; } \
			next } \
		/^#/ { print; next } \
		END { print "1.." n; print p+0 " passed, " f+0 " failed, " s+0 " skipped"; \
		      exit (f > 0) }' > $(INPROC_TAP); \
	rc=$$?; grep -E '^not ok|passed, ' $(INPROC_TAP); exit $$rc

TEST_TARGETS += conformance-selftest
CONFORMANCE_TIERS += inproc

# Mutation testing: conformance/mutants/mutants.txt lists textual
# substitutions in the reference sources; each is applied to a copy, built
# and judged by pvconform-inproc.  Fails if a mutant survives.
MUTANTS_DIR := $(BUILD)/mutants
# MUTANTS=name-part runs only the matching ones.
MUTANTS ?=
MUTANTS_TAP ?=
mutants: $(INPROC_OBJS) $(INPROC_REF_LIB)
	$(Q)$(PYTHON) conformance/mutants/run_mutants.py \
		--out $(MUTANTS_DIR)/$(VARIANT) --cc "$(CC)" \
		--cflags "$(CFLAGS_BASE) -Ireference/tests" --ldflags "$(LDFLAGS_BASE)" \
		--objs "$(INPROC_OBJS)" --ref-objs "$(REF_OBJS)" --ref-out "$(OUT)" \
		$(if $(MUTANTS),--only $(MUTANTS)) $(MUTANTS_TAP) conformance/mutants/mutants.txt

# The same, as a test: every mutant must be killed (TAP for 'make test').
.PHONY: mutants-test
mutants-test:
	$(Q)$(MAKE) --no-print-directory mutants MUTANTS_TAP="--tap $(BUILD)/tests/mutants.tap" \
		> $(BUILD)/tests/mutants.log 2>&1 || { tail -40 $(BUILD)/tests/mutants.log; exit 1; }
	$(Q)tail -n1 $(BUILD)/tests/mutants.tap
TEST_TARGETS += mutants-test

-include $(INPROC_OBJS:.o=.d)
