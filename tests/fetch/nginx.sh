# tests/fetch/nginx.sh: a real HTTPS server for fetch tests and the benchmark,
# sourced by tests/cli/t41-fetch-nginx.sh and bench/bench-fetch.sh.
#
#   nginx_certs DIR               a test CA, a second (wrong) CA and a server
#                                 certificate for 127.0.0.1, made by openssl
#   nginx_start DIR ROOT LOCFILE [HTTPFILE]
#                                 nginx on 127.0.0.1:$NGINX_PORT (a free port)
#                                 serving ROOT over TLS, with the server-block
#                                 lines in LOCFILE and http-block lines (maps)
#                                 in HTTPFILE (@PORT@ replaced); as the
#                                 current user, every file under DIR
#   nginx_stop                    stop it (safe to call twice)
#
# Sets NGINX_PORT and NGINX_PID. The caller's trap must call nginx_stop.

NGINX_PID=""
NGINX_PORT=""

nginx_free_port() {
	"${PYTHON:-python3}" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

nginx_certs() {
	d=$1
	mkdir -p "$d"
	(
		cd "$d" || exit 1
		for ca in ca wrongca; do
			openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
				-keyout $ca.key -out $ca.pem -days 2 -subj "/CN=auditkit test $ca" \
				-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
				2>/dev/null || exit 1
		done
		openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key \
			-out server.csr -subj "/CN=127.0.0.1" 2>/dev/null || exit 1
		printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n' >server.ext
		openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem \
			-days 2 -extfile server.ext 2>/dev/null || exit 1
	)
}

nginx_start() {
	d=$1 root=$2 locs=$3 httpf=${4:-}
	NGINX_PORT=$(nginx_free_port)
	mkdir -p "$d/logs" "$d/tmp"
	{
		echo "worker_processes 1;"
		echo "daemon off;"
		echo "user $(id -un) $(id -gn);"
		echo "pid $d/nginx.pid;"
		echo "error_log $d/logs/error.log warn;"
		echo "events { worker_connections 128; }"
		echo "http {"
		echo "  log_format fx '\$status \$connection \$connection_requests \"\$request\" \"\$http_user_agent\"';"
		echo "  access_log $d/logs/access.log fx;"
		for t in client_body proxy fastcgi uwsgi scgi; do echo "  ${t}_temp_path $d/tmp/$t;"; done
		echo "  types { application/json json; text/csv csv; text/markdown md; text/html html; }"
		echo "  default_type application/octet-stream;"
		echo "  gzip on; gzip_min_length 0; gzip_types application/json text/csv text/markdown;"
		echo "  keepalive_requests 100000; keepalive_timeout 60s;"
		[ -n "$httpf" ] && sed "s/@PORT@/$NGINX_PORT/g" "$httpf"
		echo "  server {"
		echo "    listen 127.0.0.1:$NGINX_PORT ssl;"
		echo "    ssl_certificate $d/server.pem; ssl_certificate_key $d/server.key;"
		echo "    root $root;"
		sed "s/@PORT@/$NGINX_PORT/g" "$locs"
		echo "  }"
		echo "}"
	} >"$d/nginx.conf"
	nginx -p "$d" -c "$d/nginx.conf" -e "$d/logs/error.log" >"$d/logs/stdout.log" 2>&1 &
	NGINX_PID=$!
	i=0
	while [ $i -lt 100 ]; do
		if "${PYTHON:-python3}" -c "import socket,sys; socket.create_connection(('127.0.0.1', int(sys.argv[1])), 0.2)" \
			"$NGINX_PORT" 2>/dev/null; then
			return 0
		fi
		if ! kill -0 "$NGINX_PID" 2>/dev/null; then
			cat "$d/logs/error.log" "$d/logs/stdout.log" >&2
			NGINX_PID=""
			return 1
		fi
		sleep 0.1
		i=$((i + 1))
	done
	nginx_stop
	return 1
}

nginx_stop() {
	if [ -n "$NGINX_PID" ]; then
		kill "$NGINX_PID" 2>/dev/null
		wait "$NGINX_PID" 2>/dev/null
		NGINX_PID=""
	fi
}
