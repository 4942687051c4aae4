# The hub's API, for docker compose (see docker-compose.yml): one container per replica,
# two uvicorn workers in each, whose metrics one /metrics adds up (multiprocess mode).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md constraints.txt ./
COPY app ./app
COPY hub ./hub
COPY schema ./schema
COPY loaders ./loaders
COPY data/sample ./data/sample
RUN pip install --no-cache-dir -c constraints.txt . && useradd --system --uid 10001 hub
USER hub
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz').status == 200 else 1)"
CMD ["hub", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
