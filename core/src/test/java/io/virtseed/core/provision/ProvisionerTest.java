package io.virtseed.core.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.error.ProvisionException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProvisionerTest {

    private final List<String> log = new ArrayList<>();

    private Step step(String name, boolean failApply, boolean failUndo) {
        return Step.of(name, () -> {
            log.add("apply " + name);
            if (failApply) {
                throw new IllegalStateException(name + " broke");
            }
        }, () -> {
            log.add("undo " + name);
            if (failUndo) {
                throw new IllegalStateException(name + " undo broke");
            }
        });
    }

    @Test
    void failureUndoesAppliedStepsAndTheFailedOneInReverse() {
        var p = new Provisioner(Provisioner.Listener.NONE);
        assertThatThrownBy(() -> p.apply(List.of(step("a", false, false), step("b", false, true),
                step("c", true, false), step("d", false, false))))
                .isInstanceOf(ProvisionException.class)
                .hasMessage("step 'c' failed: c broke")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactly("b undo broke"));
        assertThat(log).containsExactly("apply a", "apply b", "apply c", "undo c", "undo b", "undo a");
    }

    @Test
    void undoRunsAllInReverseAndReportsEveryFailure() {
        var p = new Provisioner(Provisioner.Listener.NONE);
        assertThatThrownBy(() -> p.undo(List.of(step("a", false, true), step("b", false, false),
                step("c", false, true))))
                .hasMessageContaining("undo c")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        assertThat(log).containsExactly("undo c", "undo b", "undo a");
    }

    @Test
    void successAppliesAllInOrderAndTellsTheListener() {
        List<String> seen = new ArrayList<>();
        new Provisioner(seen::add).apply(List.of(step("a", false, false), step("b", false, false)));
        assertThat(log).containsExactly("apply a", "apply b");
        assertThat(seen).containsExactly("a", "b");
    }
}
