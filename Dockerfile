# Slim, non-root image of the procedure-help bot. The catalogue ships inside the package (knowledge/data).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DATABASE_URL=sqlite+aiosqlite:////data/tthc.db

RUN useradd --create-home --uid 10001 tthc && mkdir /data && chown tthc /data
WORKDIR /app
COPY pyproject.toml README.md babel.cfg ./
COPY bot ./bot
COPY knowledge ./knowledge
COPY handlers ./handlers
RUN pip install --no-compile . && rm -rf /root/.cache

USER tthc
VOLUME ["/data"]
EXPOSE 8080
CMD ["sh", "-c", "tthc-bot db upgrade && exec tthc-bot run"]
