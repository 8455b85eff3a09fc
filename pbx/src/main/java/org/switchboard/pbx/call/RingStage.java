package org.switchboard.pbx.call;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.switchboard.pbx.extension.Extension;
import org.switchboard.pbx.extension.Extensions;
import org.switchboard.pbx.extension.RingingRules;

/**
 * One round of ringing in a call: the extensions whose devices all ring together, and for how long. A call to an
 * extension rings through the stages its ringing rules give (guide §8.3), then ends in voicemail or a failure.
 */
record RingStage(List<Extension> targets, int ringSeconds) {
    RingStage {
        targets = List.copyOf(targets);
    }

    /**
     * The stages for a call to {@code callee}. A forward target that no longer exists or whose owner is disabled
     * is left out; its own rules are not followed, so forwarding can never loop.
     */
    static List<RingStage> plan(Extension callee, Extensions extensions, int defaultRing) {
        RingingRules rules = callee.ringing();
        Optional<Extension> forward = Optional.ofNullable(rules.forwardTo()).flatMap(extensions::get).filter(extensions::active);
        int own = ring(callee, defaultRing);
        List<RingStage> stages = new ArrayList<>();
        if (forward.isEmpty()) {
            stages.add(new RingStage(List.of(callee), own));
            return stages;
        }
        Extension f = forward.get();
        switch (rules.mode()) {
            case AFTER_RINGING -> {
                stages.add(new RingStage(List.of(callee), own));
                stages.add(new RingStage(List.of(f), ring(f, defaultRing)));
            }
            case PARALLEL -> stages.add(new RingStage(List.of(callee, f), own));
            case ALWAYS -> stages.add(new RingStage(List.of(f), ring(f, defaultRing)));
        }
        return stages;
    }

    private static int ring(Extension x, int defaultRing) {
        return x.ringSeconds() > 0 ? x.ringSeconds() : defaultRing;
    }
}
