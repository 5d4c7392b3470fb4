/** The vector tier's live quality per persona: sampled hits answered again by the generator, with 95% Wilson intervals. */
import type { FC } from "hono/jsx";
import type { Proportion } from "../../domain/wilson";
import type { PersonaQuality } from "../../services/quality-sampling";

const share = (p: Proportion) =>
  p.rate === null ? "–" : `${(100 * p.rate).toFixed(1)}% (${(100 * p.low!).toFixed(1)}–${(100 * p.high!).toFixed(1)}%)`;

export const QualityPanel: FC<{ quality: PersonaQuality[] }> = ({ quality }) => (
  <section class="card" aria-labelledby="quality-h" id="vector-quality">
    <h2 id="quality-h">Vector-tier quality, sampled</h2>
    <p>
      A share of vector-tier hits (QUALITY_SAMPLE_RATE) is answered again by the generator off the request path. A false hit misses the
      generator's top topic or one of the person's urgent topics. Each share shows its 95% Wilson interval.
    </p>
    {quality.length === 0 ? (
      <p class="empty">No sampled hits in this range yet.</p>
    ) : (
      <div class="table-wrap" tabindex={0} role="region" aria-label="Live quality per persona (scrolls sideways)">
        <table id="quality-table">
          <thead>
            <tr>
              <th scope="col">persona</th>
              <th scope="col">samples</th>
              <th scope="col">coverage of the generator's topics</th>
              <th scope="col">top topic agreed</th>
              <th scope="col">urgent topics agreed</th>
              <th scope="col">false-hit rate</th>
              <th scope="col">threshold the samples support</th>
            </tr>
          </thead>
          <tbody>
            {quality.map((q) => (
              <tr>
                <th scope="row">{q.persona_type}</th>
                <td>{q.samples}</td>
                <td>{q.coverage === null ? "–" : `${(100 * q.coverage).toFixed(1)}%`}</td>
                <td>{share(q.top_topic_agreement)}</td>
                <td>{share(q.urgent_topic_agreement)}</td>
                <td>{share(q.false_hit_rate)}</td>
                <td>{q.recommended_threshold === null ? "not enough samples" : q.recommended_threshold.toFixed(2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    )}
  </section>
);
