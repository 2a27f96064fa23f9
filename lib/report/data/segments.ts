import type { PageContext } from "./store.ts";
import { personalAttributes, postOutcomeAttributes } from "./store.ts";
import { part } from "./part.ts";
import { suppressPartition } from "../suppress.ts";
import { channelKey, channelReports, hiddenChannels, SEGMENT_MEASURES } from "./channels.ts";

/**
 * The Segments page: lib/segments' conversion by attribute with Wilson intervals, lift and a
 * chi-square test per attribute. Segments with fewer than k leads are not published; personal
 * attributes never are.
 */
export async function segmentsData(ctx: PageContext) {
  const { conn, minCell } = ctx;
  // Personal columns are never published; post-outcome columns are not segments (they are recorded
  // after the outcome: the Data quality page lists them as leakage).
  const personal = new Set([...(await personalAttributes(conn)), ...(await postOutcomeAttributes(conn))]);
  return {
    report: await part("segments", async () => {
      const report = await channelReports.segments(ctx);
      // Channels another page holds back are held back here too (channels.ts).
      const union = await hiddenChannels(ctx);
      return {
        overall: report.overall.n >= minCell ? report.overall : null,
        // What every rate on the page is over (lib/rates): shown as the page's caption.
        rate: { description: report.rate.description, basis: report.rate.basis, open: report.rate.open },
        attributes: report.attributes
          .filter((a: any) => !personal.has(a.attribute))
          .map((a: any) => {
            // Each attribute's segments partition the leads, and the overall is published: complementary
            // suppression over every additive count a row publishes; channels another page holds back
            // are held back here too (channels.ts).
            const s = suppressPartition(a.segments, { minCell, measures: [...SEGMENT_MEASURES] });
            const rows =
              a.attribute === "channel" ? s.rows.filter((g: any) => !union.has(channelKey(g.segment))) : s.rows;
            // A note naming a withheld segment (an open-record artifact, with its counts) is withheld too.
            const hidden = a.segments
              .filter((x: any) => !rows.includes(x))
              .map((x: any) => `${a.attribute} = ${x.segment}: `);
            const notes = a.notes.filter((n: string) => !hidden.some((h: string) => n.startsWith(h)));
            return { ...a, notes, segments: rows, suppressed: a.segments.length - rows.length };
          }),
      };
    }),
  };
}
