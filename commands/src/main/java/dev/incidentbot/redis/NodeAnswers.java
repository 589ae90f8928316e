package dev.incidentbot.redis;

import java.util.List;
import java.util.Optional;

/**
 * What every node of a target answered to one diagnostic.
 *
 * @param target the target asked
 * @param results one per node (empty when the nodes could not be found; when none answered, each
 *     node's failure)
 * @param unavailable why no node could be asked (sentinels or seeds all silent, or the deadline
 *     passed), if so
 */
public record NodeAnswers<T>(
    Target target, List<NodeResult<T>> results, Optional<RedisProblem> unavailable) {

  public NodeAnswers {
    results = List.copyOf(results);
  }

  public static <T> NodeAnswers<T> unavailable(Target target, RedisProblem problem) {
    return new NodeAnswers<>(target, List.of(), Optional.of(problem));
  }

  /** Whether more than one node answered, so lines must say which node they came from. */
  public boolean multiNode() {
    return results.size() > 1;
  }

  public List<NodeResult<T>> answered() {
    return results.stream().filter(NodeResult::ok).toList();
  }
}
