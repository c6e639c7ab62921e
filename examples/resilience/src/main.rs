//! The partial-failure scenario: a product-details service whose pages
//! include recommendations from another service. When the recommendation
//! service turns slow, then dead, product pages still answer within their
//! deadline, with an empty recommendation list as the fallback, and the
//! circuit breaker stops calling the dependency until it recovers.
//!
//! `cargo run -p trift-example-resilience`

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use trift::ResilientChannel;
use trift::resilience::{BreakerConfig, FallbackExt, RetryPolicy};
use trift::{Channel, Server};

#[allow(dead_code, unreachable_pub, missing_docs)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/mod.rs"));
}

use generated::product_details::{
    ProductDetails, ProductDetailsClient, ProductDetailsProductPageError, ProductDetailsServer,
    ProductNotFound, ProductPage, Recommendation, Recommendations, RecommendationsServer,
};

const HEALTHY: u8 = 0;
const SLOW: u8 = 1;

/// The recommendation service, switchable between healthy and slow.
struct RecommendationHandler {
    mode: Arc<AtomicU8>,
    requests: Arc<AtomicU64>,
}

impl Recommendations for RecommendationHandler {
    async fn recommendations_for(
        &self,
        product_id: i64,
    ) -> Result<Vec<Recommendation>, trift::Error> {
        self.requests.fetch_add(1, Ordering::SeqCst);
        if self.mode.load(Ordering::SeqCst) == SLOW {
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
        Ok((1..=3)
            .map(|i| Recommendation {
                product_id: product_id * 10 + i,
                title: format!("goes well with #{product_id} ({i})"),
            })
            .collect())
    }
}

/// The product-details service: calls the recommendation service through
/// the resilient stack and falls back to an empty list.
struct ProductHandler {
    recommendations: generated::product_details::RecommendationsClient<ResilientChannel>,
}

impl ProductDetails for ProductHandler {
    async fn product_page(
        &self,
        product_id: i64,
    ) -> Result<ProductPage, ProductDetailsProductPageError> {
        if product_id <= 0 {
            return Err(ProductNotFound { product_id }.into());
        }
        let mut degraded = false;
        let recommendations = self
            .recommendations
            .recommendations_for(product_id)
            .with_fallback(|error| {
                degraded = true;
                println!("    fallback: {error}");
                Vec::new()
            })
            .await
            .map_err(|error| {
                ProductDetailsProductPageError::from(trift::Error::from(
                    trift::ApplicationException::new(
                        trift::ApplicationExceptionKind::InternalError,
                        error.to_string(),
                    ),
                ))
            })?;
        Ok(ProductPage {
            product_id,
            name: format!("product #{product_id}"),
            recommendations,
            degraded,
        })
    }
}

async fn show_pages(
    client: &ProductDetailsClient,
    label: &str,
    ids: std::ops::Range<i64>,
    recommendation_requests: &AtomicU64,
) -> Result<(), Box<dyn std::error::Error>> {
    println!("-- {label}");
    for id in ids {
        let before = recommendation_requests.load(Ordering::SeqCst);
        let started = Instant::now();
        let page = client.product_page(id).await?;
        let elapsed = started.elapsed();
        let reached = recommendation_requests.load(Ordering::SeqCst) - before;
        println!(
            "  page {id}: {} recommendations{}, in {} ms (recommendation service reached: {})",
            page.recommendations.len(),
            if page.degraded { " (fallback)" } else { "" },
            // Rounded to 50 ms steps so runs compare; the fast path is well
            // under 50 ms.
            elapsed.as_millis() / 50 * 50,
            if reached > 0 { "yes" } else { "no" },
        );
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The recommendation service.
    let mode = Arc::new(AtomicU8::new(HEALTHY));
    let requests = Arc::new(AtomicU64::new(0));
    let recommendation_server = Server::builder().bind("127.0.0.1:0").await?;
    let recommendation_addr = recommendation_server.local_addr();
    let recommendation_shutdown = recommendation_server.shutdown_handle();
    let recommendation_task = tokio::spawn(recommendation_server.serve(
        RecommendationsServer::new(RecommendationHandler {
            mode: Arc::clone(&mode),
            requests: Arc::clone(&requests),
        }),
    ));

    // The product-details service's client of it: the whole resilient stack.
    let channel = ResilientChannel::builder([recommendation_addr.to_string()])
        .name("recommendations")
        .deadline(Duration::from_millis(100))
        .max_outstanding(64)
        .circuit_breaker(BreakerConfig {
            failure_rate_threshold: 0.5,
            minimum_calls: 3,
            window: Duration::from_secs(10),
            cool_down: Duration::from_millis(500),
            ..BreakerConfig::default()
        })
        .retry(RetryPolicy::default())
        .idempotent_methods(["recommendations_for"])
        .build();
    let breaker = channel.breaker().cloned().ok_or("no breaker")?;
    breaker.on_state_change(|name, change| {
        println!("  [breaker {name}] {} -> {}", change.from, change.to);
    });
    let product_server = Server::builder().bind("127.0.0.1:0").await?;
    let product_addr = product_server.local_addr();
    tokio::spawn(
        product_server.serve(ProductDetailsServer::new(ProductHandler {
            recommendations: generated::product_details::RecommendationsClient::new(channel),
        })),
    );

    // A shopper's client of the product-details service.
    let client = ProductDetailsClient::new(Channel::builder(product_addr).build());

    show_pages(&client, "recommendations healthy", 1..3, &requests).await?;

    mode.store(SLOW, Ordering::SeqCst);
    show_pages(
        &client,
        "recommendations slow (5 s per call)",
        3..9,
        &requests,
    )
    .await?;

    mode.store(HEALTHY, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(600)).await;
    show_pages(
        &client,
        "recommendations recovered, after the cool-down",
        9..11,
        &requests,
    )
    .await?;

    recommendation_shutdown.shutdown();
    let _ = tokio::time::timeout(Duration::from_secs(10), recommendation_task).await;
    show_pages(&client, "recommendations dead", 11..17, &requests).await?;

    match client.product_page(0).await {
        Err(ProductDetailsProductPageError::NotFound(err)) => {
            println!(
                "-- a declared exception still reaches the shopper: not found #{}",
                err.product_id
            );
        }
        other => return Err(format!("expected not found, got {other:?}").into()),
    }
    let counters = breaker.counters();
    println!(
        "breaker: state {}, {} successes, {} failures, {} rejected without a call, opened {} times",
        breaker.state(),
        counters.successes,
        counters.failures,
        counters.rejected,
        counters.opened
    );
    Ok(())
}
