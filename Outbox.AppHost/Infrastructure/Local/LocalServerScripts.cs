namespace Outbox.AppHost.Infrastructure.Local;

/// <summary>
/// The start scripts of the local servers. RabbitMQ's execs the server, so signals reach it directly; PostgreSQL's stays
/// in front of the server only to turn the orchestrator's stop signal into a fast shutdown.
/// </summary>
internal static class LocalServerScripts
{
    /// <summary>
    /// A throwaway PostgreSQL cluster: initialised on first start in $OUTBOX_PG_DATA with the generated password,
    /// listening on 127.0.0.1:$PGPORT only, no Unix socket.
    /// </summary>
    public const string Postgres = """
        #!/usr/bin/env bash
        set -euo pipefail
        umask 077
        if [ ! -s "$OUTBOX_PG_DATA/PG_VERSION" ]; then
          mkdir -p "$OUTBOX_PG_DATA"
          "$OUTBOX_PG_BIN/initdb" --pgdata="$OUTBOX_PG_DATA" --username=postgres --auth=scram-sha-256 \
            --pwfile=<(printf '%s' "$POSTGRES_PASSWORD") --encoding=UTF8 --locale=C
        fi
        unset POSTGRES_PASSWORD
        "$OUTBOX_PG_BIN/postgres" -D "$OUTBOX_PG_DATA" -p "$PGPORT" \
          -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=200 &
        server=$!
        # A stop signal would ask PostgreSQL for a "smart" shutdown, which waits for every client to disconnect, and the
        # services' connection pools never do. Turn it into a fast shutdown: roll back, disconnect everyone, stop.
        trap 'kill -INT "$server" 2>/dev/null || true' TERM INT
        status=0
        while kill -0 "$server" 2>/dev/null; do
          wait "$server" && status=0 || status=$?
        done
        exit "$status"
        """;

    /// <summary>
    /// A private RabbitMQ node: its own node name, data, log and HOME (for the Erlang cookie) under
    /// $OUTBOX_RABBITMQ_DIR, the generated credentials, no plugins, listening on 127.0.0.1:$RABBITMQ_NODE_PORT.
    /// </summary>
    public const string RabbitMq = """
        #!/usr/bin/env bash
        set -euo pipefail
        umask 077
        mkdir -p "$OUTBOX_RABBITMQ_DIR/home" "$OUTBOX_RABBITMQ_DIR/mnesia" "$OUTBOX_RABBITMQ_DIR/log"
        printf 'default_user = %s\ndefault_pass = %s\n' "$OUTBOX_RABBITMQ_USER" "$OUTBOX_RABBITMQ_PASSWORD" \
          > "$OUTBOX_RABBITMQ_DIR/rabbitmq.conf"
        unset OUTBOX_RABBITMQ_PASSWORD
        echo '[].' > "$OUTBOX_RABBITMQ_DIR/enabled_plugins"
        export HOME="$OUTBOX_RABBITMQ_DIR/home" \
          RABBITMQ_MNESIA_BASE="$OUTBOX_RABBITMQ_DIR/mnesia" \
          RABBITMQ_LOG_BASE="$OUTBOX_RABBITMQ_DIR/log" \
          RABBITMQ_LOGS=- \
          RABBITMQ_CONFIG_FILE="$OUTBOX_RABBITMQ_DIR/rabbitmq.conf" \
          RABBITMQ_ENABLED_PLUGINS_FILE="$OUTBOX_RABBITMQ_DIR/enabled_plugins" \
          RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
          RUNNING_UNDER_SYSTEMD=true
        # RUNNING_UNDER_SYSTEMD makes rabbitmq-server exec the Erlang VM instead of waiting on it from a shell.
        cd "$OUTBOX_RABBITMQ_DIR"
        exec "$OUTBOX_RABBITMQ_SERVER"
        """;
}
