package org.switchboard.smtp.fetch;

import java.util.List;

/**
 * What one run of scheduled actions did, for the API and the console.
 *
 * @param sent      messages the send action flushed from the queue (null when it did not run)
 */
public record RunReport(List<Pop3Result> pop3, List<EtrnResult> etrn, Integer sent) {
    /** One POP3 account's session; error null = success. */
    public record Pop3Result(String account, int downloaded, int deleted, int skipped, int discarded, String error) {}

    /** One ETRN account: the reply to each domain, or the error that stopped it. */
    public record EtrnResult(String account, List<String> replies, String error) {}
}
