/** Group-commit policies (pure decision objects) and the online estimates of sync latency and arrival rate they use. */
package dev.mmwal.commit;
