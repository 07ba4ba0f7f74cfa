package dev.switchboard.adapters.telegram;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.adapters.telegram.internal.Json;
import dev.switchboard.adapters.telegram.internal.TextChunks;
import dev.switchboard.core.channel.AccountDirectory;
import dev.switchboard.core.channel.Channel;
import dev.switchboard.core.channel.FetchedMedia;
import dev.switchboard.core.channel.InboundEvent;
import dev.switchboard.core.channel.MalformedWebhookException;
import dev.switchboard.core.channel.OutboundContent;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.channel.SendResult;
import dev.switchboard.core.channel.TypingIndicator;
import dev.switchboard.core.channel.Verification;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.MediaRef;
import dev.switchboard.core.domain.Secret;
import dev.switchboard.core.support.Redact;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Telegram through the Bot API. Accounts are bots: {@link ChannelAccount#id()} is the bot's id
 * (from {@code getMe}), {@link ChannelAccount#accessToken()} its token, and setting
 * {@value TelegramWebhookSecret#SETTING} the secret Telegram echoes on every delivery. Customers are
 * addressed by their chat id, which for the private chats served here is their user id.
 *
 * <p>A delivery names its bot in the webhook URL ({@code /webhooks/telegram/{account_id}}): the
 * account id is the route's path parameter {@value #ACCOUNT_ID_PARAM}. Telegram has no service
 * window, no delivery statuses and no echoes. The channel shows "typing…" while the model thinks
 * ({@link TypingIndicator}).
 */
public final class TelegramChannel implements Channel, TypingIndicator {
    public static final String CHANNEL = "telegram";
    public static final String PROVIDER = "bot";
    public static final String ACCOUNT_ID_PARAM = "account_id";
    /** Telegram allows at most 1,024 characters of caption; a longer one follows as text. */
    static final int MAX_CAPTION = 1024;
    private static final Logger log = LoggerFactory.getLogger(TelegramChannel.class);

    private final TelegramClient client;
    private final TelegramWebhookParser parser;

    public TelegramChannel(TelegramConfig config) {
        this.client = new TelegramClient(config);
        this.parser = new TelegramWebhookParser(config.clock());
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    /** The Bot API client this channel sends with, for registration ({@link TelegramRegistration}). */
    public TelegramClient client() {
        return client;
    }

    /** Never throws: an unknown bot, a missing or wrong secret header are each rejected with the reason. */
    @Override
    public Verification verify(WebhookRequest request, AccountDirectory accounts) {
        String accountId = accountId(request);
        if (accountId == null) return Verification.rejected("the webhook URL names no bot");
        Optional<ChannelAccount> account = accounts.find(accountId);
        if (account.isEmpty() || !CHANNEL.equals(account.get().channel())) {
            return Verification.rejected("unknown Telegram bot '" + accountId + "'");
        }
        return TelegramWebhookSecret.verify(account.get(), request.header(TelegramWebhookSecret.HEADER));
    }

    /**
     * A private-chat message becomes one {@link InboundEvent.MessageReceived}; a message in a group,
     * supergroup or channel gives no event. An {@code edited_message} in a private chat is an
     * {@link InboundEvent.Edited} of the original (same external id {@code chat_id:message_id}).
     */
    @Override
    public List<InboundEvent> parse(WebhookRequest request) {
        TelegramUpdate update = read(request);
        if (update.edit() == null) return update.events();
        TelegramEdit e = update.edit();
        return List.of(new InboundEvent.Edited(e.accountId(), e.originalExternalId(), e.text(), e.editedAt(), e.raw()));
    }

    /** The whole update: events, the edit of a stored message, the sender's attributes. */
    public TelegramUpdate read(WebhookRequest request) {
        String accountId = accountId(request);
        if (accountId == null) throw new MalformedWebhookException("the webhook URL names no bot");
        return parser.parse(request.body(), accountId);
    }

    /**
     * Sends text ({@code sendMessage}, split above 4,096 characters, in order, stopping at the first
     * failure; the result is the last part's id), image, document, video and audio by link, and
     * buttons as an inline keyboard. Reactions and templates are refused as
     * {@code unsupported_content}. A chat that blocked the bot fails as permanent with code
     * {@value dev.switchboard.adapters.telegram.internal.TelegramErrors#BLOCKED} and cause
     * {@link SendResult.Cause#RECIPIENT_BLOCKED}, so the conversation is flagged. Replies are not quoted.
     */
    @Override
    public SendResult send(ChannelAccount account, OutboundMessage message) {
        Secret token = account.accessToken();
        if (token == null) return new SendResult.Permanent("no_access_token", "bot " + account.id() + " has no token");
        String chat = message.recipient();
        if (chat == null || chat.isBlank()) return new SendResult.Permanent("invalid_recipient", "the message has no Telegram chat id");
        List<Supplier<SendResult>> parts = parts(token, chat, message.content());
        if (parts.isEmpty()) {
            return new SendResult.Permanent("unsupported_content",
                    "Telegram sends text, media and buttons, not " + message.content().getClass().getSimpleName());
        }
        SendResult result = null;
        for (int i = 0; i < parts.size(); i++) {
            result = parts.get(i).get();
            if (!(result instanceof SendResult.Sent)) {
                if (i > 0) log.warn("Telegram send to {} stopped at part {} of {}", Redact.id(chat), i + 1, parts.size());
                break;
            }
        }
        switch (result) {
            case SendResult.Sent sent -> log.debug("Telegram send to {} accepted as {}", Redact.id(chat), Redact.id(sent.externalId()));
            case SendResult.Retryable r -> log.warn("Telegram send to {} failed, retryable: {} {}", Redact.id(chat), r.code(), r.message());
            case SendResult.RateLimited r -> log.warn("Telegram send to {} rate-limited for {}: {}", Redact.id(chat), r.retryAfter(), r.message());
            case SendResult.Permanent p -> log.warn("Telegram send to {} failed: {} {}", Redact.id(chat), p.code(), p.message());
        }
        return result;
    }

    /** Shows "typing…" in the chat while the model thinks ({@code sendChatAction}). Best effort: Telegram's refusal is ignored. */
    @Override
    public void typing(ChannelAccount account, String chat) {
        if (account.accessToken() != null) client.sendChatAction(account.accessToken(), chat, "typing");
    }

    /** Resolves the file through {@code getFile} and opens it, size-capped. */
    @Override
    public Optional<FetchedMedia> fetchMedia(ChannelAccount account, MediaRef media) {
        if (media == null || media.id() == null || account.accessToken() == null) return Optional.empty();
        TelegramClient.TelegramFile file = client.getFile(account.accessToken(), media.id());
        return Optional.of(client.download(account.accessToken(), file, media.mimeType()));
    }

    private List<Supplier<SendResult>> parts(Secret token, String chat, OutboundContent content) {
        List<Supplier<SendResult>> parts = new ArrayList<>();
        switch (content) {
            case OutboundContent.Text text -> text(parts, token, chat, text.body(), null);
            case OutboundContent.Buttons buttons -> text(parts, token, chat, buttons.body(), keyboard(buttons));
            case OutboundContent.Media media -> {
                String caption = media.caption();
                boolean fits = caption == null || caption.length() <= MAX_CAPTION;
                String inline = fits ? caption : null;
                switch (media.kind()) {
                    case "image" -> parts.add(() -> client.sendPhoto(token, chat, media.link(), inline));
                    case "video" -> parts.add(() -> client.sendVideo(token, chat, media.link(), inline));
                    case "audio" -> parts.add(() -> client.sendAudio(token, chat, media.link(), inline));
                    default -> parts.add(() -> client.sendDocument(token, chat, media.link(), inline));
                }
                if (!fits) text(parts, token, chat, caption, null);
            }
            case OutboundContent.Reaction ignored -> { }
            case OutboundContent.Template ignored -> { }
        }
        return parts;
    }

    private void text(List<Supplier<SendResult>> parts, Secret token, String chat, String body, ObjectNode markup) {
        List<String> chunks = TextChunks.split(body == null ? "" : body, TextChunks.MAX_CHARS);
        for (int i = 0; i < chunks.size(); i++) {
            String chunk = chunks.get(i);
            ObjectNode last = i == chunks.size() - 1 ? markup : null;
            parts.add(() -> client.sendMessage(token, chat, chunk, last));
        }
    }

    private static ObjectNode keyboard(OutboundContent.Buttons buttons) {
        ObjectNode markup = Json.MAPPER.createObjectNode();
        ArrayNode rows = markup.putArray("inline_keyboard");
        for (OutboundContent.Button button : buttons.buttons()) {
            rows.addArray().addObject().put("text", button.title()).put("callback_data", button.id());
        }
        return markup;
    }

    static String accountId(WebhookRequest request) {
        String id = request.pathParam(ACCOUNT_ID_PARAM);
        return id == null || id.isBlank() ? null : id.strip();
    }
}
