package org.switchboard.web.api;

import java.time.Instant;
import java.util.List;
import org.switchboard.core.ConfigLog;
import org.switchboard.core.error.Problem;
import org.switchboard.smtp.queue.Envelope;
import org.switchboard.smtp.queue.MailQueue;

/** The message queue's admin side (guide: Status → Message Queue): list, inspect, retry now, delete. */
public final class QueueRoutes {
    public record RecipientView(String address, String status, String lastReply, String remoteMta) {}

    public record QueueEntry(String id, String from, List<RecipientView> recipients, Instant arrived, long size, int attempts,
                             Instant nextAttempt, boolean inFlight, String client, String authUser) {}

    public record QueueMessage(QueueEntry entry, String headers) {}

    public record Retried(int messages) {}

    private QueueRoutes() {}

    public static List<Route> routes(MailQueue queue) {
        return List.of(
                Route.get("/api/v1/queue").access(Access.SERVER_READ).doc("queue", "Messages waiting in the queue")
                        .returns(QueueEntry[].class).to(ex -> Reply.json(queue.list().stream().map(QueueRoutes::view).toList())),
                Route.get("/api/v1/queue/{id}").access(Access.SERVER_READ).doc("queue", "One queued message: envelope, state and headers")
                        .returns(QueueMessage.class).to(ex -> {
                            MailQueue.Entry e = queue.inspect(ex.param("id")).orElseThrow(() -> Problem.notFound("queued message " + ex.param("id")));
                            return Reply.json(new QueueMessage(view(e), queue.headers(e.envelope().id(), 64 * 1024).orElse("")));
                        }),
                Route.post("/api/v1/queue/{id}/retry").access(Access.SERVER_WRITE).doc("queue", "Try to deliver a message now").to(ex -> {
                    if (!queue.retryNow(ex.param("id"))) throw Problem.notFound("queued message " + ex.param("id"));
                    ConfigLog.action(ex.actor(), "queue: retry now for " + ex.param("id"));
                    return Reply.noContent();
                }),
                Route.post("/api/v1/queue/retry").access(Access.SERVER_WRITE).doc("queue", "Try to deliver every queued message now")
                        .returns(Retried.class).to(ex -> {
                            int n = queue.retryAll();
                            ConfigLog.action(ex.actor(), "queue: retry now for all (" + n + ")");
                            return Reply.json(new Retried(n));
                        }),
                Route.delete("/api/v1/queue/{id}").access(Access.SERVER_WRITE).doc("queue", "Delete a queued message (no bounce is sent)")
                        .to(ex -> {
                            if (!queue.delete(ex.param("id"))) throw Problem.notFound("queued message " + ex.param("id"));
                            ConfigLog.action(ex.actor(), "queue: message " + ex.param("id") + " deleted");
                            return Reply.noContent();
                        }));
    }

    static QueueEntry view(MailQueue.Entry e) {
        Envelope v = e.envelope();
        return new QueueEntry(v.id(), v.from(), v.recipients().stream()
                .map(r -> new RecipientView(r.address(), r.status().name(), r.lastReply(), r.remoteMta())).toList(),
                v.arrived(), v.size(), v.attempts(), v.nextAttempt(), e.inFlight(), v.client(), v.authUser());
    }
}
