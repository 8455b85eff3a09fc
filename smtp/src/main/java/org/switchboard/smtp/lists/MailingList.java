package org.switchboard.smtp.lists;

import java.util.List;
import java.util.Locale;

/**
 * A mailing list (guide part 1 §19): the list address plus the special addresses
 * {@code name-subscribe}, {@code -unsubscribe}, {@code -help}, {@code -owner}, {@code -owners};
 * members, moderators, and the posting and subscription policies.
 *
 * @param moderatedPosts        posts wait for a moderator's approval
 * @param moderatedSubscriptions confirmed subscriptions wait for a moderator's approval
 * @param openPosting           non-members may post (otherwise their posts are refused)
 * @param hideSender            header substitution: From becomes the list address
 * @param rejectWithoutSubject  posts without a subject are refused
 * @param replyTo               where replies go
 * @param archive               posts are also stored in the public folder {@code Lists/<name>}
 */
public record MailingList(String name, String domain, String description, String welcome, String footer,
                          boolean moderatedPosts, boolean moderatedSubscriptions, boolean openPosting, boolean hideSender,
                          boolean rejectWithoutSubject, ReplyTo replyTo, boolean archive, List<Member> members, List<String> moderators) {

    public enum ReplyTo { SENDER, LIST }

    public record Member(String email, String fullName) {
        public Member {
            email = email.trim().toLowerCase(Locale.ROOT);
            if (fullName == null) fullName = "";
        }
    }

    public MailingList {
        name = name.toLowerCase(Locale.ROOT);
        domain = domain.toLowerCase(Locale.ROOT);
        if (description == null) description = "";
        if (welcome == null) welcome = "";
        if (footer == null) footer = "";
        if (replyTo == null) replyTo = ReplyTo.SENDER;
        members = List.copyOf(members == null ? List.of() : members);
        moderators = List.copyOf(moderators == null ? List.of() : moderators.stream().map(m -> m.trim().toLowerCase(Locale.ROOT)).toList());
    }

    public String address() { return name + "@" + domain; }

    public String special(String suffix) { return name + "-" + suffix + "@" + domain; }

    public boolean isMember(String email) {
        String e = email.toLowerCase(Locale.ROOT);
        return members.stream().anyMatch(m -> m.email().equals(e));
    }

    public boolean isModerator(String email) { return moderators.contains(email.toLowerCase(Locale.ROOT)); }

    MailingList withMembers(List<Member> m) {
        return new MailingList(name, domain, description, welcome, footer, moderatedPosts, moderatedSubscriptions, openPosting, hideSender,
                rejectWithoutSubject, replyTo, archive, m, moderators);
    }
}
