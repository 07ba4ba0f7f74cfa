package dev.switchboard.testkit.fake;

import dev.switchboard.core.model.AgentModel;
import dev.switchboard.core.model.ExtractionRequest;
import dev.switchboard.core.model.LeadData;
import dev.switchboard.core.model.LeadExtractor;
import dev.switchboard.core.model.ModelReply;
import dev.switchboard.core.model.TurnRequest;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A model for tests and demos, in the spirit of okhttp's {@code MockWebServer}: answers turns as
 * scripted and records every request.
 *
 * <pre>{@code
 * ScriptedModel model = new ScriptedModel();        // answers "reply <burst size>" unless scripted
 * model.enqueue(ModelReply.text("Olá!"));           // the next turn's answer
 * model.enqueueFailure(new ModelException(...));    // the one after fails (the engine sends the fallback)
 * model.enqueueDelayed(Duration.ofSeconds(2), ModelReply.text("slow"));
 * ... run turns ...
 * assertThat(model.turns()).hasSize(3);
 * }</pre>
 *
 * <p>Turns take the queued steps in order; with none queued, the {@link #replyWith} function answers.
 * As a {@link LeadExtractor} it returns the scripted leads in order, the last one repeating. A delay
 * sleeps interruptibly (the engine's timeout cancels it). Thread-safe.
 */
public final class ScriptedModel implements AgentModel, LeadExtractor {
    private sealed interface Step {}

    private record Reply(Duration delay, ModelReply reply) implements Step {}

    private record Failure(RuntimeException failure) implements Step {}

    private final Queue<Step> steps = new ConcurrentLinkedQueue<>();
    private final List<TurnRequest> turns = new CopyOnWriteArrayList<>();
    private final List<LeadData> leads = new CopyOnWriteArrayList<>();
    private final List<ExtractionRequest> extractions = new CopyOnWriteArrayList<>();
    private volatile Function<TurnRequest, ModelReply> otherwise = t -> ModelReply.text("reply " + t.burst().size());
    private volatile boolean needsHistory;

    /** How turns with nothing queued are answered (default: "reply " and the burst's size). May throw. */
    public ScriptedModel replyWith(Function<TurnRequest, ModelReply> answer) {
        this.otherwise = answer;
        return this;
    }

    public ScriptedModel enqueue(ModelReply reply) {
        steps.add(new Reply(Duration.ZERO, reply));
        return this;
    }

    public ScriptedModel enqueueDelayed(Duration delay, ModelReply reply) {
        steps.add(new Reply(delay, reply));
        return this;
    }

    public ScriptedModel enqueueFailure(RuntimeException failure) {
        steps.add(new Failure(failure));
        return this;
    }

    /** Whether the engine must send the history with each turn (as a stateless model needs). */
    public ScriptedModel needsHistory(boolean needed) {
        this.needsHistory = needed;
        return this;
    }

    /** Leads the extractor returns, in order; the last repeats. */
    public ScriptedModel enqueueLead(LeadData... next) {
        leads.addAll(List.of(next));
        return this;
    }

    /** Every turn asked of the model, in order. */
    public List<TurnRequest> turns() {
        return List.copyOf(turns);
    }

    /** Every extraction asked of the model, in order. */
    public List<ExtractionRequest> extractions() {
        return List.copyOf(extractions);
    }

    @Override
    public ModelReply reply(TurnRequest turn) {
        turns.add(turn);
        Step step = steps.poll();
        return switch (step) {
            case null -> otherwise.apply(turn);
            case Failure f -> throw f.failure();
            case Reply r -> {
                sleep(r.delay());
                yield r.reply();
            }
        };
    }

    @Override
    public boolean needsHistory() {
        return needsHistory;
    }

    @Override
    public LeadData extract(ExtractionRequest request) {
        int n = extractions.size();
        extractions.add(request);
        if (leads.isEmpty()) throw new IllegalStateException("no lead scripted: call enqueueLead first");
        return leads.get(Math.min(n, leads.size() - 1));
    }

    private static void sleep(Duration delay) {
        if (delay.isZero()) return;
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scripted to wait", e);
        }
    }
}
