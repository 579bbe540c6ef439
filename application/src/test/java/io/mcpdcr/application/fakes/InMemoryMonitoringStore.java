package io.mcpdcr.application.fakes;

import io.mcpdcr.application.port.FindingReview;
import io.mcpdcr.application.port.MonitoringStore;
import io.mcpdcr.domain.monitoring.Finding;
import io.mcpdcr.domain.monitoring.RegistrationAttempt;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Registration attempts and findings in lists, for the monitoring use cases; a finding's id is its place in the list. Tests add the attempts; purges are
 * recorded so that tests can read back what they were asked to delete.
 */
public final class InMemoryMonitoringStore implements MonitoringStore, FindingReview {
    private final List<RegistrationAttempt> attempts = new CopyOnWriteArrayList<>();
    private final List<Finding> findings = new CopyOnWriteArrayList<>();
    private final Map<Long, Instant> resolved = new ConcurrentHashMap<>();
    private final List<Purge> purges = new CopyOnWriteArrayList<>();
    private volatile PurgeCounts purgeAnswer = new PurgeCounts(0, 0, 0, 0, 0);

    /** What one {@link #purge} call was asked to do. */
    public record Purge(Instant now, Instant auditBefore) {}

    public void add(RegistrationAttempt attempt) {
        attempts.add(attempt);
    }

    public void addAll(List<RegistrationAttempt> more) {
        attempts.addAll(more);
    }

    /** Every finding stored, oldest first. */
    public List<Finding> findings() {
        return List.copyOf(findings);
    }

    public List<Purge> purges() {
        return List.copyOf(purges);
    }

    /** What {@link #purge} answers for the expired codes, sessions and tokens it does not hold. */
    public void answerPurgeWith(PurgeCounts counts) {
        purgeAnswer = counts;
    }

    /** Since {@code from}, inclusive, oldest first: the latest {@code limit} created and refused ones. */
    @Override
    public List<RegistrationAttempt> registrationsSince(Instant from, int limit) {
        List<RegistrationAttempt> latest = new ArrayList<>();
        for (boolean created : new boolean[] {true, false}) {
            latest.addAll(attempts.stream()
                    .filter(attempt -> attempt.created() == created && !attempt.at().isBefore(from))
                    .sorted(Comparator.comparing(RegistrationAttempt::at).reversed())
                    .limit(limit)
                    .toList());
        }
        latest.sort(Comparator.comparing(RegistrationAttempt::at));
        return latest;
    }

    @Override
    public synchronized List<Finding> saveNew(List<Finding> candidates, Instant dedupeSince) {
        List<Finding> saved = new ArrayList<>();
        for (Finding finding : candidates) {
            boolean known = findings.stream().anyMatch(stored -> stored.kind() == finding.kind()
                    && stored.subject().equals(finding.subject()) && !stored.detectedAt().isBefore(dedupeSince));
            if (!known) {
                findings.add(finding);
                saved.add(finding);
            }
        }
        return saved;
    }

    /** Since {@code from}, inclusive, newest first. */
    @Override
    public List<ReviewedFinding> reviewSince(Instant from) {
        List<ReviewedFinding> review = new ArrayList<>();
        for (int i = 0; i < findings.size(); i++) {
            review.add(new ReviewedFinding(i, findings.get(i), Optional.ofNullable(resolved.get((long) i))));
        }
        return review.stream()
                .filter(reviewed -> !reviewed.finding().detectedAt().isBefore(from))
                .sorted(Comparator.comparing((ReviewedFinding reviewed) -> reviewed.finding().detectedAt()).reversed())
                .toList();
    }

    @Override
    public boolean resolve(long id, Instant at) {
        if (id < 0 || id >= findings.size()) {
            return false;
        }
        resolved.putIfAbsent(id, at);
        return true;
    }

    /** Records the call, deletes the findings from before {@code auditBefore} and counts them as audit rows. */
    @Override
    public synchronized PurgeCounts purge(Instant now, Instant auditBefore) {
        purges.add(new Purge(now, auditBefore));
        List<Finding> old = findings.stream().filter(finding -> finding.detectedAt().isBefore(auditBefore)).toList();
        findings.removeAll(old);
        PurgeCounts answer = purgeAnswer;
        return new PurgeCounts(answer.codes(), answer.sessions(), answer.accessTokens(), answer.refreshTokens(),
                answer.auditRows() + old.size());
    }
}
