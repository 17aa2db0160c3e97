// A real link unfurler (open-graph-scraper, as chat apps and forums use) run on each address
// given on the command line; prints one JSON object: address -> what the unfurler read.
import ogs from "open-graph-scraper";

const results = {};
for (const url of process.argv.slice(2)) {
  try {
    const { result } = await ogs({ url, timeout: 20 });
    results[url] = result;
  } catch (error) {
    results[url] = { error: String(error && error.result ? error.result.error : error) };
  }
}
process.stdout.write(JSON.stringify(results));
