//! `loadgen report`: the Markdown tables of BENCHMARKS.md from the TSV rows of
//! one run (all servers).

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The servers, in the order of the tables.
const SERVERS: [&str; 4] = ["raw-ceiling", "trift", "apache-thrift", "volo-thrift"];
/// The peers trift is compared with.
pub(crate) const PEERS: [&str; 2] = ["apache-thrift", "volo-thrift"];
/// trift's share of the ceiling the target asks for.
pub(crate) const CEILING_SHARE: f64 = 0.8;

struct Cell {
    calls_per_s: f64,
    p50_us: f64,
    p99_us: f64,
    cpu_us: f64,
    errors: u64,
    rss_kib: u64,
    threads: u64,
    client_threads: u64,
}

struct Idle {
    per_connection_kib: f64,
    before_kib: u64,
    after_kib: u64,
    threads: u64,
}

/// (scenario, client model, connections, pipeline depth).
pub(crate) type Key = (String, String, usize, usize);

/// The order of the tables: scenario, then client model, then one call per
/// connection before pipelined, then connections.
pub(crate) fn table_order(key: &Key) -> (usize, usize, usize, usize) {
    (
        order_of(&key.0, &["small", "record"]),
        order_of(&key.1, &["async", "blocking"]),
        key.3,
        key.2,
    )
}

/// Issue 5's target for one cell: trift at or above the best peer and at
/// least [`CEILING_SHARE`] of the ceiling.
pub(crate) fn target_met(trift: f64, best_peer: f64, ceiling: f64) -> bool {
    trift >= best_peer && trift >= CEILING_SHARE * ceiling
}

pub(crate) fn load_label(connections: usize, depth: usize) -> String {
    if depth > 1 {
        format!("1 conn x {depth} in flight")
    } else {
        format!("{connections} conns")
    }
}

fn ratio(numerator: f64, denominator: f64) -> String {
    if denominator > 0.0 {
        format!("{:.2}", numerator / denominator)
    } else {
        "-".into()
    }
}

/// Parses `--in FILE [--title TEXT]` and prints the report to stdout.
pub fn main(args: &[String]) -> Result<(), String> {
    let mut input = None;
    let mut title = String::from("RPC load benchmark");
    let mut iter = args.iter();
    while let Some(flag) = iter.next() {
        let value = iter.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--in" => input = Some(value.clone()),
            "--title" => title = value.clone(),
            other => return Err(format!("unknown flag {other}")),
        }
    }
    let input = input.ok_or("--in FILE is required")?;
    let text = std::fs::read_to_string(&input).map_err(|e| format!("{input}: {e}"))?;
    print!("{}", render(&text, &title)?);
    Ok(())
}

fn render(text: &str, title: &str) -> Result<String, String> {
    let mut cells: BTreeMap<Key, BTreeMap<String, Cell>> = BTreeMap::new();
    let mut order: Vec<Key> = Vec::new();
    let mut idle: BTreeMap<String, Idle> = BTreeMap::new();
    for line in text.lines().filter(|line| !line.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        let num = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
        match f.first() {
            Some(&"cell") if f.len() >= 15 => {
                let key: Key = (f[2].into(), f[3].into(), num(4) as usize, num(5) as usize);
                if !order.contains(&key) {
                    order.push(key.clone());
                }
                // With repetitions, the best one stands for the cell: noise on a
                // shared machine only ever slows a run down.
                let row = cells.entry(key).or_default();
                if row.get(f[1]).is_some_and(|old| old.calls_per_s >= num(7)) {
                    continue;
                }
                row.insert(
                    f[1].into(),
                    Cell {
                        calls_per_s: num(7),
                        p50_us: num(8),
                        p99_us: num(9),
                        cpu_us: num(10),
                        errors: num(11) as u64,
                        rss_kib: num(12) as u64,
                        threads: num(13) as u64,
                        client_threads: num(14) as u64,
                    },
                );
            }
            Some(&"idle") if f.len() >= 15 => {
                idle.insert(
                    f[1].into(),
                    Idle {
                        per_connection_kib: num(7),
                        after_kib: num(12) as u64,
                        threads: num(13) as u64,
                        before_kib: num(14) as u64,
                    },
                );
            }
            _ => return Err(format!("unreadable row: {line}")),
        }
    }
    // Scenario first, then model, then load, in the order the run measured them.
    order.sort_by_key(table_order);
    let mut md = String::new();
    let _ = writeln!(md, "## {title}\n");
    summary(&mut md, &order, &cells);
    geometric_means(&mut md, &order, &cells);
    cpu_table(&mut md, &order, &cells);
    let _ = writeln!(md, "\n### Every server, every cell\n");
    let _ = writeln!(
        md,
        "| scenario | client | load | server | calls/s | p50 µs | p99 µs | server CPU µs/call | of ceiling | vs best peer | errors | server RSS MiB | server threads |"
    );
    let _ = writeln!(
        md,
        "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    for key in &order {
        let row = &cells[key];
        let ceiling = row.get("raw-ceiling").map_or(0.0, |c| c.calls_per_s);
        let best_peer = best_peer(row).map_or(0.0, |(_, c)| c);
        for server in SERVERS {
            let Some(cell) = row.get(server) else {
                continue;
            };
            let client = if key.1 == "blocking" && cell.client_threads < key.2 as u64 {
                format!("blocking ({} threads)", cell.client_threads)
            } else {
                key.1.clone()
            };
            let _ = writeln!(
                md,
                "| {} | {client} | {} | {server} | {:.0} | {:.1} | {:.1} | {:.2} | {} | {} | {} | {:.1} | {} |",
                key.0,
                load_label(key.2, key.3),
                cell.calls_per_s,
                cell.p50_us,
                cell.p99_us,
                cell.cpu_us,
                ratio(cell.calls_per_s, ceiling),
                ratio(cell.calls_per_s, best_peer),
                cell.errors,
                cell.rss_kib as f64 / 1024.0,
                cell.threads
            );
        }
    }
    if !idle.is_empty() {
        let _ = writeln!(
            md,
            "\n### Server memory per idle connection (1,000 connections, one call each)\n"
        );
        let _ = writeln!(
            md,
            "| server | RSS before | RSS with 1,000 conns | growth per connection | RSS / 1,000 conns | server threads |"
        );
        let _ = writeln!(md, "|---|---:|---:|---:|---:|---:|");
        for server in SERVERS {
            if let Some(i) = idle.get(server) {
                let _ = writeln!(
                    md,
                    "| {server} | {:.1} MiB | {:.1} MiB | {:.1} KiB | {:.1} KiB | {} |",
                    i.before_kib as f64 / 1024.0,
                    i.after_kib as f64 / 1024.0,
                    i.per_connection_kib,
                    i.after_kib as f64 / 1000.0,
                    i.threads
                );
            }
        }
    }
    Ok(md)
}

fn order_of(value: &str, known: &[&str]) -> usize {
    known
        .iter()
        .position(|k| *k == value)
        .unwrap_or(known.len())
}

fn best_peer(row: &BTreeMap<String, Cell>) -> Option<(&'static str, f64)> {
    PEERS
        .iter()
        .filter_map(|peer| row.get(*peer).map(|c| (*peer, c.calls_per_s)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

/// Geometric means of trift's ratios over the cells of one scenario and client model.
fn geometric_means(md: &mut String, order: &[Key], cells: &BTreeMap<Key, BTreeMap<String, Cell>>) {
    let _ = writeln!(
        md,
        "\n### Geometric means of trift's ratios (calls/s, 1 to 1,024 connections; pipelining not included)\n"
    );
    let _ = writeln!(
        md,
        "| scenario | client | trift / ceiling | trift / apache-thrift | trift / volo-thrift | trift / best peer | cells |"
    );
    let _ = writeln!(md, "|---|---|---:|---:|---:|---:|---:|");
    let mut groups: Vec<(String, String)> = Vec::new();
    for key in order {
        let group = (key.0.clone(), key.1.clone());
        if !groups.contains(&group) {
            groups.push(group);
        }
    }
    for (scenario, model) in groups {
        let mut logs = [0.0f64; 4];
        let mut count = 0;
        // Pipelining is left out: there the peers answer one call at a time, and
        // one cell of 7-14x would swamp the mean.
        for key in order
            .iter()
            .filter(|k| k.0 == scenario && k.1 == model && k.3 == 1)
        {
            let row = &cells[key];
            let rate = |server: &str| row.get(server).map(|c| c.calls_per_s).filter(|r| *r > 0.0);
            let (Some(t), Some(c), Some(a), Some(v)) = (
                rate("trift"),
                rate("raw-ceiling"),
                rate("apache-thrift"),
                rate("volo-thrift"),
            ) else {
                continue;
            };
            for (slot, other) in logs.iter_mut().zip([c, a, v, a.max(v)]) {
                *slot += (t / other).ln();
            }
            count += 1;
        }
        if count == 0 {
            continue;
        }
        let mean = |sum: f64| format!("{:.2}", (sum / count as f64).exp());
        let _ = writeln!(
            md,
            "| {scenario} | {model} | {} | {} | {} | {} | {count} |",
            mean(logs[0]),
            mean(logs[1]),
            mean(logs[2]),
            mean(logs[3])
        );
    }
}

/// Server CPU per call, one column per server.
fn cpu_table(md: &mut String, order: &[Key], cells: &BTreeMap<Key, BTreeMap<String, Cell>>) {
    let _ = writeln!(
        md,
        "\n### Server CPU µs per call (utime+stime over the window / calls)\n"
    );
    let _ = writeln!(md, "| scenario | client | load | {} |", SERVERS.join(" | "));
    let _ = writeln!(md, "|---|---|---|{}", "---:|".repeat(SERVERS.len()));
    for key in order {
        let row = &cells[key];
        let figures: Vec<String> = SERVERS
            .iter()
            .map(|server| {
                row.get(*server)
                    .map_or("-".to_string(), |c| format!("{:.2}", c.cpu_us))
            })
            .collect();
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} |",
            key.0,
            key.1,
            load_label(key.2, key.3),
            figures.join(" | ")
        );
    }
}

fn summary(md: &mut String, order: &[Key], cells: &BTreeMap<Key, BTreeMap<String, Cell>>) {
    let _ = writeln!(
        md,
        "### trift against the ceiling and the best peer (calls/s)\n"
    );
    let _ = writeln!(
        md,
        "| scenario | client | load | ceiling | trift | apache-thrift | volo-thrift | trift / ceiling | trift / best peer | target met |"
    );
    let _ = writeln!(md, "|---|---|---|---:|---:|---:|---:|---:|---:|---|");
    let rate = |row: &BTreeMap<String, Cell>, server: &str| row.get(server).map(|c| c.calls_per_s);
    let show = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.0}"));
    for key in order {
        let row = &cells[key];
        let ceiling = rate(row, "raw-ceiling");
        let trift = rate(row, "trift");
        let best = best_peer(row);
        let (of_ceiling, of_best, met) = match (trift, ceiling, best) {
            (Some(t), Some(c), Some((peer, b))) => {
                let met = target_met(t, b, c);
                (
                    ratio(t, c),
                    format!("{} ({peer})", ratio(t, b)),
                    if met { "yes" } else { "**no**" },
                )
            }
            _ => ("-".into(), "-".into(), "-"),
        };
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} | {of_ceiling} | {of_best} | {met} |",
            key.0,
            key.1,
            load_label(key.2, key.3),
            show(ceiling),
            show(trift),
            show(rate(row, "apache-thrift")),
            show(rate(row, "volo-thrift")),
        );
    }
}
