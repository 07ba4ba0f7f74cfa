package dev.switchboard.testkit.store;

import static dev.switchboard.testkit.store.StoreFixtures.now;
import static dev.switchboard.testkit.store.StoreFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.ConversationStatus;
import dev.switchboard.core.domain.Direction;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.store.Accepted;
import dev.switchboard.core.store.ContactEntry;
import dev.switchboard.core.store.ContactQuery;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.store.InboxEntry;
import dev.switchboard.core.store.NewInbound;
import dev.switchboard.core.store.NewOutbound;
import dev.switchboard.core.store.Stores;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Contract for what an operator's inbox reads: contacts searched by name or phone with their newest
 * activity, conversations with their contact and newest message (filters, {@code q}, sort), and
 * ranges of a transcript. Every store lists the same rows in the same order.
 */
public abstract class InboxQueriesContract {

    protected abstract Stores stores();

    protected Stores stores;
    private StoreFixtures.Setup setup;

    @BeforeEach
    void initStores() {
        stores = stores();
        setup = StoreFixtures.setup(stores);
    }

    private Accepted write(StoreFixtures.Setup s, String user, String name, String phone, String text) {
        String id = unique("wamid");
        return stores.conversations().acceptInbound(new NewInbound(s.tenant().id(), s.agent().id(), s.account().id(),
                s.account().channel(), user, name, phone, id, "text", text, null, null, "{\"id\":\"" + id + "\"}", now(),
                Duration.ofDays(30)));
    }

    private Message reply(String conversationId, String text) {
        long seq = stores.conversations().find(conversationId).orElseThrow().lastSeq();
        long answered = stores.conversations().find(conversationId).orElseThrow().answeredThroughSeq();
        return stores.conversations().recordReply(conversationId, answered, seq, NewOutbound.agentText(text, null, null)).orElseThrow();
    }

    private List<String> contactNames(ContactQuery q) {
        return stores.contacts().search(setup.tenant().id(), q).stream().map(e -> e.contact().displayName()).toList();
    }

    private List<String> inboxNames(ConversationQuery q) {
        return stores.conversations().inbox(setup.tenant().id(), q).stream().map(e -> e.contact().displayName()).toList();
    }

    @Test
    void contacts_list_newest_activity_first_with_their_last_message_time() {
        write(setup, "5511999990001", "Ana Souza", "+5511999990001", "oi");
        var bruno = write(setup, "5511999990002", "Bruno Lima", "+5511999990002", "olá");
        write(setup, "5511999990001", "Ana Souza", "+5511999990001", "ainda aí?");

        List<ContactEntry> all = stores.contacts().search(setup.tenant().id(), new ContactQuery(null, null, 50, 0));
        assertThat(all).extracting(e -> e.contact().displayName()).containsExactly("Ana Souza", "Bruno Lima");
        assertThat(all.get(0).lastMessageAt()).isAfter(all.get(1).lastMessageAt());
        assertThat(all.get(1).lastMessageAt()).isEqualTo(bruno.conversation().lastMessageAt());
        assertThat(all.get(0).contact().phoneE164()).isEqualTo("+5511999990001");
        assertThat(contactNames(new ContactQuery(null, null, 1, 1))).containsExactly("Bruno Lima");
    }

    @Test
    void contacts_are_found_by_part_of_the_name_in_any_case_or_by_phone_digits() {
        write(setup, "5511999990011", "Carla Dias", "+5511999990011", "oi");
        write(setup, "5521988880022", "Daniel Rocha", "+5521988880022", "oi");
        write(setup, "tg_4242", "Eva 5521", null, "oi");

        assertThat(contactNames(new ContactQuery(null, "carla", 50, 0))).containsExactly("Carla Dias");
        assertThat(contactNames(new ContactQuery(null, "ROCHA", 50, 0))).containsExactly("Daniel Rocha");
        assertThat(contactNames(new ContactQuery(null, "+55 (21) 98888", 50, 0))).containsExactly("Daniel Rocha");
        assertThat(contactNames(new ContactQuery(null, "5521", 50, 0))).containsExactlyInAnyOrder("Daniel Rocha", "Eva 5521");
        assertThat(contactNames(new ContactQuery(null, "nobody", 50, 0))).isEmpty();
        assertThat(contactNames(new ContactQuery("instagram", null, 50, 0))).isEmpty();
        assertThat(contactNames(new ContactQuery("whatsapp", "carla", 50, 0))).containsExactly("Carla Dias");
    }

    @Test
    void a_tenant_never_lists_another_tenants_contacts_or_conversations() {
        StoreFixtures.Setup other = StoreFixtures.setup(stores);
        write(other, "5511999990031", "Fora Daqui", "+5511999990031", "oi");
        write(setup, "5511999990032", "Gil Mota", "+5511999990032", "oi");

        assertThat(contactNames(new ContactQuery(null, null, 50, 0))).containsExactly("Gil Mota");
        assertThat(inboxNames(ConversationQuery.all())).containsExactly("Gil Mota");
        assertThat(stores.conversations().inbox(setup.tenant().id(), new ConversationQuery(null, null, null, "Fora", null, null, 50, 0)))
                .isEmpty();
    }

    @Test
    void the_inbox_embeds_the_contact_and_the_newest_message_in_either_direction() {
        Accepted first = write(setup, "5511999990041", "Helena Reis", "+5511999990041", "quanto custa?");
        String conv = first.conversation().id();

        InboxEntry before = stores.conversations().inbox(setup.tenant().id(), ConversationQuery.all()).getFirst();
        assertThat(before.conversation().id()).isEqualTo(conv);
        assertThat(before.contact().id()).isEqualTo(first.conversation().contactId());
        assertThat(before.contact().phoneE164()).isEqualTo("+5511999990041");
        assertThat(before.lastMessage().text()).isEqualTo("quanto custa?");
        assertThat(before.lastMessage().direction()).isEqualTo(Direction.INBOUND);

        Message answer = reply(conv, "R$ 10.");
        InboxEntry after = stores.conversations().inbox(setup.tenant().id(), ConversationQuery.all()).getFirst();
        assertThat(after.lastMessage().id()).isEqualTo(answer.id());
        assertThat(after.lastMessage().direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(stores.conversations().list(setup.tenant().id(), ConversationQuery.all())).extracting(c -> c.id()).containsExactly(conv);
    }

    @Test
    void the_inbox_sorts_by_activity_or_creation_and_filters_by_status_contact_and_q() {
        Accepted ivo = write(setup, "5511999990051", "Ivo Prado", "+5511999990051", "oi");
        Accepted joana = write(setup, "5511999990052", "Joana Melo", "+5511999990052", "oi");
        reply(ivo.conversation().id(), "Olá, Ivo!");

        assertThat(inboxNames(ConversationQuery.all())).containsExactly("Ivo Prado", "Joana Melo");
        assertThat(inboxNames(new ConversationQuery(null, null, null, null, null, ConversationQuery.Sort.CREATED_AT, 50, 0)))
                .containsExactly("Joana Melo", "Ivo Prado");
        assertThat(inboxNames(new ConversationQuery(null, null, null, "joana", null, null, 50, 0))).containsExactly("Joana Melo");
        assertThat(inboxNames(new ConversationQuery(null, null, null, "999990051", null, null, 50, 0))).containsExactly("Ivo Prado");
        assertThat(inboxNames(ConversationQuery.ofContact(joana.conversation().contactId(), 10))).containsExactly("Joana Melo");
        assertThat(inboxNames(new ConversationQuery(null, null, null, null, null, null, 1, 1))).containsExactly("Joana Melo");

        stores.conversations().setStatus(joana.conversation().id(), ConversationStatus.PAUSED, "an operator took over");
        assertThat(inboxNames(new ConversationQuery(ConversationStatus.PAUSED, null, null, 50, 0))).containsExactly("Joana Melo");
        assertThat(inboxNames(new ConversationQuery(null, "instagram", null, 50, 0))).isEmpty();
    }

    @Test
    void a_tenant_with_an_account_but_no_customer_yet_lists_nothing() {
        ChannelAccount second = stores.accounts().create(StoreFixtures.account(setup.tenant().id(), unique("pn")));
        assertThat(second.tenantId()).isEqualTo(setup.tenant().id());
        assertThat(stores.conversations().inbox(setup.tenant().id(), ConversationQuery.all())).isEmpty();
        assertThat(stores.contacts().search(setup.tenant().id(), new ContactQuery(null, null, 50, 0))).isEmpty();
    }

    @Test
    void every_conversation_of_a_contact_carries_the_contacts_newest_activity() {
        Accepted first = write(setup, "5511999990071", "Lia Castro", "+5511999990071", "oi");
        stores.conversations().setStatus(first.conversation().id(), ConversationStatus.RESOLVED, "done");
        Accepted second = write(setup, "5511999990071", "Lia Castro", "+5511999990071", "voltei");
        assertThat(second.conversation().id()).isNotEqualTo(first.conversation().id());

        List<InboxEntry> entries = stores.conversations().inbox(setup.tenant().id(), ConversationQuery.all());
        assertThat(entries).extracting(e -> e.conversation().id()).containsExactly(second.conversation().id(), first.conversation().id());
        assertThat(entries).allSatisfy(e -> assertThat(e.contactLastMessageAt()).isEqualTo(second.conversation().lastMessageAt()));
        assertThat(stores.contacts().search(setup.tenant().id(), new ContactQuery(null, "lia", 50, 0)).getFirst().lastMessageAt())
                .isEqualTo(second.conversation().lastMessageAt());
    }

    @Test
    void a_message_range_reads_the_numbered_messages_in_order() {
        String conv = write(setup, "5511999990061", "Kátia Luz", "+5511999990061", "m1").conversation().id();
        reply(conv, "m2");
        write(setup, "5511999990061", "Kátia Luz", "+5511999990061", "m3");
        reply(conv, "m4");

        assertThat(stores.conversations().messageRange(conv, 2, 3)).extracting(Message::seq, Message::text)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, "m2"), org.assertj.core.groups.Tuple.tuple(3L, "m3"));
        assertThat(stores.conversations().messageRange(conv, 4, 99)).extracting(Message::text).containsExactly("m4");
        assertThat(stores.conversations().messageRange(conv, 5, 9)).isEmpty();
        assertThat(stores.conversations().messageRange("conv_missing", 1, 9)).isEmpty();
    }
}
