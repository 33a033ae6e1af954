--
-- PostgreSQL database dump
--

\restrict LSihHdlfC3qe4asSh6WBamjc0W79gXTRPFpKSXVurVNX8mLLxpCQSpa6q8gOmBJ

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: agency; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.agency (
    id integer NOT NULL,
    name character varying(300) NOT NULL,
    short_name character varying(100) NOT NULL,
    name_en character varying(300) NOT NULL,
    former_names json NOT NULL,
    website character varying(500) NOT NULL,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);


--
-- Name: agency_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.agency_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: agency_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.agency_id_seq OWNED BY public.agency.id;


--
-- Name: api_token; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.api_token (
    id integer NOT NULL,
    user_id integer NOT NULL,
    name character varying(200) NOT NULL,
    token_hash character varying(64) NOT NULL,
    prefix character varying(16) NOT NULL,
    created_at timestamp without time zone NOT NULL,
    last_used_at timestamp without time zone,
    revoked_at timestamp without time zone
);


--
-- Name: api_token_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.api_token_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: api_token_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.api_token_id_seq OWNED BY public.api_token.id;


--
-- Name: assessment_year; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.assessment_year (
    id integer NOT NULL,
    agency_id integer NOT NULL,
    year integer NOT NULL,
    note text NOT NULL,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);


--
-- Name: assessment_year_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.assessment_year_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: assessment_year_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.assessment_year_id_seq OWNED BY public.assessment_year.id;


--
-- Name: audit_event; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_event (
    id integer NOT NULL,
    at timestamp without time zone NOT NULL,
    user_id integer,
    username character varying(100) NOT NULL,
    action character varying(50) NOT NULL,
    target_type character varying(50) NOT NULL,
    target_id integer,
    summary text NOT NULL,
    details json NOT NULL,
    ip character varying(64) NOT NULL
);


--
-- Name: audit_event_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.audit_event_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: audit_event_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.audit_event_id_seq OWNED BY public.audit_event.id;


--
-- Name: blob; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.blob (
    sha256 character varying(64) NOT NULL,
    size bigint NOT NULL,
    media_type character varying(200) NOT NULL,
    kind character varying(50) NOT NULL,
    width integer,
    height integer,
    taken_at timestamp without time zone,
    created_at timestamp without time zone NOT NULL
);


--
-- Name: category; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.category (
    id integer NOT NULL,
    year_id integer NOT NULL,
    parent_id integer,
    name character varying(300) NOT NULL,
    name_en character varying(300) NOT NULL,
    description text NOT NULL,
    "position" integer NOT NULL,
    indicator_id integer,
    required_elements json NOT NULL,
    deleted_at timestamp without time zone,
    deleted_by_id integer,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);


--
-- Name: category_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.category_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: category_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.category_id_seq OWNED BY public.category.id;


--
-- Name: evidence_item; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.evidence_item (
    id integer NOT NULL,
    public_id character varying(32) NOT NULL,
    set_id integer NOT NULL,
    "position" integer NOT NULL,
    type_key character varying(100) NOT NULL,
    type_snapshot json NOT NULL,
    title character varying(500) NOT NULL,
    meta json NOT NULL,
    document_date date,
    status character varying(20) NOT NULL,
    published_at timestamp without time zone,
    created_by_id integer,
    deleted_at timestamp without time zone,
    deleted_by_id integer,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);


--
-- Name: evidence_item_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.evidence_item_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: evidence_item_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.evidence_item_id_seq OWNED BY public.evidence_item.id;


--
-- Name: evidence_set; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.evidence_set (
    id integer NOT NULL,
    public_id character varying(32) NOT NULL,
    category_id integer NOT NULL,
    number integer NOT NULL,
    title character varying(500) NOT NULL,
    description text NOT NULL,
    status character varying(20) NOT NULL,
    published_at timestamp without time zone,
    created_by_id integer,
    deleted_at timestamp without time zone,
    deleted_by_id integer,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);


--
-- Name: evidence_set_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.evidence_set_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: evidence_set_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.evidence_set_id_seq OWNED BY public.evidence_set.id;


--
-- Name: file_text; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.file_text (
    sha256 character varying(64) NOT NULL,
    status character varying(20) NOT NULL,
    text text NOT NULL,
    method character varying(100) NOT NULL,
    error text NOT NULL,
    attempts integer NOT NULL,
    claimed_at timestamp without time zone,
    updated_at timestamp without time zone NOT NULL
);


--
-- Name: indicator; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.indicator (
    id integer NOT NULL,
    year integer NOT NULL,
    code character varying(20) NOT NULL,
    name character varying(500) NOT NULL,
    "group" character varying(300) NOT NULL,
    period character varying(300) NOT NULL,
    scoring character varying(300) NOT NULL,
    elements json NOT NULL,
    source character varying(200) NOT NULL,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);


--
-- Name: indicator_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.indicator_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: indicator_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.indicator_id_seq OWNED BY public.indicator.id;


--
-- Name: item_file; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.item_file (
    id integer NOT NULL,
    public_id character varying(32) NOT NULL,
    item_id integer NOT NULL,
    sha256 character varying(64) NOT NULL,
    filename character varying(500) NOT NULL,
    caption text NOT NULL,
    "position" integer NOT NULL,
    created_at timestamp without time zone NOT NULL,
    created_by_id integer,
    deleted_at timestamp without time zone,
    deleted_by_id integer
);


--
-- Name: item_file_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.item_file_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: item_file_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.item_file_id_seq OWNED BY public.item_file.id;


--
-- Name: plugin_state; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.plugin_state (
    name character varying(200) NOT NULL,
    disabled boolean NOT NULL,
    changed_at timestamp without time zone NOT NULL,
    changed_by_id integer
);


--
-- Name: user; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public."user" (
    id integer NOT NULL,
    username character varying(100) NOT NULL,
    display_name character varying(200) NOT NULL,
    password_hash character varying(300) NOT NULL,
    role character varying(20) NOT NULL,
    active boolean NOT NULL,
    locale character varying(5) NOT NULL,
    last_login_at timestamp without time zone,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);


--
-- Name: user_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.user_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: user_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.user_id_seq OWNED BY public."user".id;


--
-- Name: agency id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agency ALTER COLUMN id SET DEFAULT nextval('public.agency_id_seq'::regclass);


--
-- Name: api_token id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_token ALTER COLUMN id SET DEFAULT nextval('public.api_token_id_seq'::regclass);


--
-- Name: assessment_year id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.assessment_year ALTER COLUMN id SET DEFAULT nextval('public.assessment_year_id_seq'::regclass);


--
-- Name: audit_event id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_event ALTER COLUMN id SET DEFAULT nextval('public.audit_event_id_seq'::regclass);


--
-- Name: category id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.category ALTER COLUMN id SET DEFAULT nextval('public.category_id_seq'::regclass);


--
-- Name: evidence_item id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.evidence_item ALTER COLUMN id SET DEFAULT nextval('public.evidence_item_id_seq'::regclass);


--
-- Name: evidence_set id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.evidence_set ALTER COLUMN id SET DEFAULT nextval('public.evidence_set_id_seq'::regclass);


--
-- Name: indicator id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.indicator ALTER COLUMN id SET DEFAULT nextval('public.indicator_id_seq'::regclass);


--
-- Name: item_file id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.item_file ALTER COLUMN id SET DEFAULT nextval('public.item_file_id_seq'::regclass);


--
-- Name: user id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public."user" ALTER COLUMN id SET DEFAULT nextval('public.user_id_seq'::regclass);


--
-- Data for Name: agency; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.agency VALUES (1, 'สำนักงานเขตพื้นที่การศึกษามัธยมศึกษาอุบลราชธานี อำนาจเจริญ', 'สพม.29', 'Secondary Educational Service Area Office 29', '["\u0e2a\u0e33\u0e19\u0e31\u0e01\u0e07\u0e32\u0e19\u0e40\u0e02\u0e15\u0e1e\u0e37\u0e49\u0e19\u0e17\u0e35\u0e48\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32", "\u0e2a\u0e1e\u0e17."]', '', '2026-12-02 20:30:31.052811', '2026-12-02 20:30:31.056968');


--
-- Data for Name: api_token; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.api_token VALUES (1, 2, 'สคริปต์นำเข้า', '131c809d699d01e354ef0aae972983a445727e278d0aebedb3aa9cd976a9eab7', 'ea_k3jSli6', '2026-12-02 20:30:31.037888', NULL, NULL);
INSERT INTO public.api_token VALUES (2, 1, 'old', 'ef422ef24b6b6138d0e6d04342a5bf9543264100b1299fde732cb3a6357b3722', 'ea_Kmb5KxJ', '2026-12-02 20:30:31.042175', NULL, '2026-12-02 20:30:31.044167');


--
-- Data for Name: assessment_year; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.assessment_year VALUES (1, 1, 2563, '', '2026-12-02 20:30:31.063367', '2026-12-02 20:30:31.063378');
INSERT INTO public.assessment_year VALUES (2, 1, 2568, '', '2026-12-02 20:30:32.113228', '2026-12-02 20:30:32.113239');


--
-- Data for Name: audit_event; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.audit_event VALUES (1, '2026-12-02 20:30:31.018678', NULL, '', 'create', 'User', 1, 'สร้างผู้ใช้ admin (admin)', '{}', '');
INSERT INTO public.audit_event VALUES (2, '2026-12-02 20:30:31.02321', NULL, '', 'create', 'User', 2, 'สร้างผู้ใช้ somchai (staff)', '{}', '');
INSERT INTO public.audit_event VALUES (3, '2026-12-02 20:30:31.026436', NULL, '', 'create', 'User', 3, 'สร้างผู้ใช้ assessor (assessor)', '{}', '');
INSERT INTO public.audit_event VALUES (4, '2026-12-02 20:30:31.029517', NULL, '', 'create', 'User', 4, 'สร้างผู้ใช้ former (staff)', '{}', '');
INSERT INTO public.audit_event VALUES (5, '2026-12-02 20:30:31.034487', 1, 'admin', 'update', 'User', 4, 'แก้ไขผู้ใช้ former', '{"active": [true, false]}', '');
INSERT INTO public.audit_event VALUES (6, '2026-12-02 20:30:31.039575', 2, 'somchai', 'token_create', 'ApiToken', 1, 'สร้างโทเค็น ea_k3jSli6… ของ somchai', '{}', '');
INSERT INTO public.audit_event VALUES (7, '2026-12-02 20:30:31.043056', 1, 'admin', 'token_create', 'ApiToken', 2, 'สร้างโทเค็น ea_Kmb5KxJ… ของ admin', '{}', '');
INSERT INTO public.audit_event VALUES (8, '2026-12-02 20:30:31.048755', 1, 'admin', 'token_revoke', 'ApiToken', 2, 'ยกเลิกโทเค็น ea_Kmb5KxJ…', '{}', '');
INSERT INTO public.audit_event VALUES (9, '2026-12-02 20:30:31.058587', 1, 'admin', 'update', 'Agency', 1, 'แก้ไขข้อมูลหน่วยงาน: สำนักงานเขตพื้นที่การศึกษามัธยมศึกษาอุบลราชธานี อำนาจเจริญ', '{"before": {"name": "\u0e2a\u0e33\u0e19\u0e31\u0e01\u0e07\u0e32\u0e19\u0e40\u0e02\u0e15\u0e1e\u0e37\u0e49\u0e19\u0e17\u0e35\u0e48\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32", "short_name": "\u0e2a\u0e1e\u0e17."}}', '');
INSERT INTO public.audit_event VALUES (10, '2026-12-02 20:30:31.07819', 1, 'admin', 'create', 'AssessmentYear', 1, 'สร้างปีงบประมาณ 2563', '{}', '');
INSERT INTO public.audit_event VALUES (11, '2026-12-02 20:30:31.089043', 1, 'admin', 'create', 'Category', 6, 'สร้างหมวด ประชุมคณะกรรมการ ก.ต.ป.น.', '{"before": {"name": null, "parent": null}}', '');
INSERT INTO public.audit_event VALUES (12, '2026-12-02 20:30:31.100083', 2, 'somchai', 'create', 'EvidenceSet', 1, 'สร้างอ้างอิงชุด 1: การประชุม ก.ต.ป.น. ครั้งที่ 1/2563', '{}', '');
INSERT INTO public.audit_event VALUES (13, '2026-12-02 20:30:31.141278', 2, 'somchai', 'create', 'EvidenceItem', 1, 'เพิ่มหนังสือเชิญประชุม: ขอเชิญประชุมคณะกรรมการติดตาม ตรวจสอบ ประเมินผลและนิเทศการศึกษา (ก.ต.ป.น.) ครั้งที่ 1/2563', '{"set": 1, "type": "meeting_invitation", "meta": {"doc_number": "\u0e28\u0e18 04290/1237", "date": "2020-05-08", "subject": "\u0e02\u0e2d\u0e40\u0e0a\u0e34\u0e0d\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21\u0e04\u0e13\u0e30\u0e01\u0e23\u0e23\u0e21\u0e01\u0e32\u0e23\u0e15\u0e34\u0e14\u0e15\u0e32\u0e21 \u0e15\u0e23\u0e27\u0e08\u0e2a\u0e2d\u0e1a \u0e1b\u0e23\u0e30\u0e40\u0e21\u0e34\u0e19\u0e1c\u0e25\u0e41\u0e25\u0e30\u0e19\u0e34\u0e40\u0e17\u0e28\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32 (\u0e01.\u0e15.\u0e1b.\u0e19.) \u0e04\u0e23\u0e31\u0e49\u0e07\u0e17\u0e35\u0e48 1/2563", "recipient": "\u0e04\u0e13\u0e30\u0e01\u0e23\u0e23\u0e21\u0e01\u0e32\u0e23 \u0e01.\u0e15.\u0e1b.\u0e19. \u0e17\u0e38\u0e01\u0e17\u0e48\u0e32\u0e19", "enclosures": "\u0e23\u0e30\u0e40\u0e1a\u0e35\u0e22\u0e1a\u0e27\u0e32\u0e23\u0e30\u0e01\u0e32\u0e23\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21 \u0e08\u0e33\u0e19\u0e27\u0e19 1 \u0e0a\u0e38\u0e14", "committee": "\u0e01.\u0e15.\u0e1b.\u0e19.", "meeting_number": "1/2563", "meeting_date": "2020-05-15", "meeting_time": "09:00", "venue": "\u0e2b\u0e49\u0e2d\u0e07\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21\u0e1e\u0e23\u0e2b\u0e21\u0e27\u0e34\u0e2b\u0e32\u0e23 \u0e2a\u0e33\u0e19\u0e31\u0e01\u0e07\u0e32\u0e19\u0e40\u0e02\u0e15\u0e1e\u0e37\u0e49\u0e19\u0e17\u0e35\u0e48\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32\u0e21\u0e31\u0e18\u0e22\u0e21\u0e28\u0e36\u0e01\u0e29\u0e32 \u0e40\u0e02\u0e15 29", "signer": {"name": "\u0e19\u0e32\u0e22\u0e1b\u0e23\u0e30\u0e40\u0e2a\u0e23\u0e34\u0e10 \u0e28\u0e23\u0e35\u0e2a\u0e38\u0e02", "position": "\u0e1c\u0e39\u0e49\u0e2d\u0e33\u0e19\u0e27\u0e22\u0e01\u0e32\u0e23\u0e2a\u0e33\u0e19\u0e31\u0e01\u0e07\u0e32\u0e19\u0e40\u0e02\u0e15\u0e1e\u0e37\u0e49\u0e19\u0e17\u0e35\u0e48\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32\u0e21\u0e31\u0e18\u0e22\u0e21\u0e28\u0e36\u0e01\u0e29\u0e32 \u0e40\u0e02\u0e15 29"}}, "files": ["\u0e2b\u0e19\u0e31\u0e07\u0e2a\u0e37\u0e2d\u0e40\u0e0a\u0e34\u0e0d\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21 \u0e04\u0e23\u0e31\u0e49\u0e07\u0e17\u0e35\u0e48 1.pdf"]}', '');
INSERT INTO public.audit_event VALUES (14, '2026-12-02 20:30:31.842432', 2, 'somchai', 'create', 'EvidenceItem', 2, 'เพิ่มรายงานการประชุม: รายงานการประชุม', '{"set": 1, "type": "meeting_minutes", "meta": {"committee": "\u0e04\u0e13\u0e30\u0e01\u0e23\u0e23\u0e21\u0e01\u0e32\u0e23\u0e15\u0e34\u0e14\u0e15\u0e32\u0e21 \u0e15\u0e23\u0e27\u0e08\u0e2a\u0e2d\u0e1a \u0e1b\u0e23\u0e30\u0e40\u0e21\u0e34\u0e19\u0e1c\u0e25\u0e41\u0e25\u0e30\u0e19\u0e34\u0e40\u0e17\u0e28\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32 (\u0e01.\u0e15.\u0e1b.\u0e19.)", "meeting_number": "2/2563", "meeting_date": "2020-06-12", "start_time": "09:00", "end_time": "12:00", "venue": "\u0e2b\u0e49\u0e2d\u0e07\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21\u0e1e\u0e23\u0e2b\u0e21\u0e27\u0e34\u0e2b\u0e32\u0e23 \u0e2a\u0e33\u0e19\u0e31\u0e01\u0e07\u0e32\u0e19\u0e40\u0e02\u0e15\u0e1e\u0e37\u0e49\u0e19\u0e17\u0e35\u0e48\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32\u0e21\u0e31\u0e18\u0e22\u0e21\u0e28\u0e36\u0e01\u0e29\u0e32 \u0e40\u0e02\u0e15 29", "attendees": [{"name": "\u0e19\u0e32\u0e22\u0e1b\u0e23\u0e30\u0e40\u0e2a\u0e23\u0e34\u0e10 \u0e28\u0e23\u0e35\u0e2a\u0e38\u0e02", "position": "\u0e1c\u0e39\u0e49\u0e2d\u0e33\u0e19\u0e27\u0e22\u0e01\u0e32\u0e23\u0e2a\u0e33\u0e19\u0e31\u0e01\u0e07\u0e32\u0e19\u0e40\u0e02\u0e15\u0e1e\u0e37\u0e49\u0e19\u0e17\u0e35\u0e48\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32 \u0e1b\u0e23\u0e30\u0e18\u0e32\u0e19\u0e01\u0e23\u0e23\u0e21\u0e01\u0e32\u0e23"}, {"name": "\u0e19\u0e32\u0e22\u0e27\u0e34\u0e0a\u0e31\u0e22 \u0e1a\u0e38\u0e0d\u0e21\u0e32", "position": "\u0e23\u0e2d\u0e07\u0e1c\u0e39\u0e49\u0e2d\u0e33\u0e19\u0e27\u0e22\u0e01\u0e32\u0e23\u0e2a\u0e33\u0e19\u0e31\u0e01\u0e07\u0e32\u0e19\u0e40\u0e02\u0e15\u0e1e\u0e37\u0e49\u0e19\u0e17\u0e35\u0e48\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32 \u0e01\u0e23\u0e23\u0e21\u0e01\u0e32\u0e23"}, {"name": "\u0e14\u0e23.\u0e2a\u0e38\u0e19\u0e17\u0e23 \u0e43\u0e08\u0e07\u0e32\u0e21", "position": "\u0e1c\u0e39\u0e49\u0e17\u0e23\u0e07\u0e04\u0e38\u0e13\u0e27\u0e38\u0e12\u0e34 \u0e01\u0e23\u0e23\u0e21\u0e01\u0e32\u0e23"}], "absentees": [{"name": "\u0e19\u0e32\u0e22\u0e2a\u0e21\u0e28\u0e31\u0e01\u0e14\u0e34\u0e4c \u0e21\u0e35\u0e2a\u0e38\u0e02", "position": "\u0e15\u0e34\u0e14\u0e23\u0e32\u0e0a\u0e01\u0e32\u0e23"}], "agenda": "\u0e23\u0e30\u0e40\u0e1a\u0e35\u0e22\u0e1a\u0e27\u0e32\u0e23\u0e30\u0e17\u0e35\u0e48 1 \u0e40\u0e23\u0e37\u0e48\u0e2d\u0e07\u0e17\u0e35\u0e48\u0e1b\u0e23\u0e30\u0e18\u0e32\u0e19\u0e41\u0e08\u0e49\u0e07\u0e43\u0e2b\u0e49\u0e17\u0e35\u0e48\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21\u0e17\u0e23\u0e32\u0e1a\n\u0e23\u0e30\u0e40\u0e1a\u0e35\u0e22\u0e1a\u0e27\u0e32\u0e23\u0e30\u0e17\u0e35\u0e48 2 \u0e23\u0e31\u0e1a\u0e23\u0e2d\u0e07\u0e23\u0e32\u0e22\u0e07\u0e32\u0e19\u0e01\u0e32\u0e23\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21\u0e04\u0e23\u0e31\u0e49\u0e07\u0e17\u0e35\u0e48 1/2563\n\u0e23\u0e30\u0e40\u0e1a\u0e35\u0e22\u0e1a\u0e27\u0e32\u0e23\u0e30\u0e17\u0e35\u0e48 3 \u0e40\u0e23\u0e37\u0e48\u0e2d\u0e07\u0e40\u0e1e\u0e37\u0e48\u0e2d\u0e1e\u0e34\u0e08\u0e32\u0e23\u0e13\u0e32", "recorder": {"name": "\u0e19\u0e32\u0e07\u0e2a\u0e32\u0e27\u0e2d\u0e23\u0e38\u0e13\u0e35 \u0e41\u0e01\u0e49\u0e27\u0e21\u0e13\u0e35", "position": "\u0e1c\u0e39\u0e49\u0e08\u0e14\u0e23\u0e32\u0e22\u0e07\u0e32\u0e19\u0e01\u0e32\u0e23\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21"}}, "files": ["\u0e23\u0e32\u0e22\u0e07\u0e32\u0e19\u0e01\u0e32\u0e23\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21.docx"]}', '');
INSERT INTO public.audit_event VALUES (15, '2026-12-02 20:30:31.891729', 2, 'somchai', 'create', 'EvidenceItem', 3, 'เพิ่มภาพกิจกรรม: ประชุมคณะกรรมการ ก.ต.ป.น. ครั้งที่ 1/2563', '{"set": 1, "type": "activity_photos", "meta": {"activity": "\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21\u0e04\u0e13\u0e30\u0e01\u0e23\u0e23\u0e21\u0e01\u0e32\u0e23 \u0e01.\u0e15.\u0e1b.\u0e19. \u0e04\u0e23\u0e31\u0e49\u0e07\u0e17\u0e35\u0e48 1/2563", "activity_date": "2020-05-15", "venue": "\u0e2b\u0e49\u0e2d\u0e07\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21\u0e1e\u0e23\u0e2b\u0e21\u0e27\u0e34\u0e2b\u0e32\u0e23 \u0e2a\u0e33\u0e19\u0e31\u0e01\u0e07\u0e32\u0e19\u0e40\u0e02\u0e15\u0e1e\u0e37\u0e49\u0e19\u0e17\u0e35\u0e48\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32\u0e21\u0e31\u0e18\u0e22\u0e21\u0e28\u0e36\u0e01\u0e29\u0e32 \u0e40\u0e02\u0e15 29", "description": "\u0e23\u0e48\u0e27\u0e21\u0e27\u0e32\u0e07\u0e41\u0e1c\u0e19\u0e01\u0e32\u0e23\u0e14\u0e33\u0e40\u0e19\u0e34\u0e19\u0e07\u0e32\u0e19\u0e02\u0e31\u0e1a\u0e40\u0e04\u0e25\u0e37\u0e48\u0e2d\u0e19\u0e01\u0e32\u0e23\u0e1e\u0e31\u0e12\u0e19\u0e32\u0e04\u0e38\u0e13\u0e20\u0e32\u0e1e\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32 \u0e1b\u0e35\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32 2563", "photographer": "\u0e01\u0e25\u0e38\u0e48\u0e21\u0e19\u0e34\u0e40\u0e17\u0e28 \u0e15\u0e34\u0e14\u0e15\u0e32\u0e21\u0e41\u0e25\u0e30\u0e1b\u0e23\u0e30\u0e40\u0e21\u0e34\u0e19\u0e1c\u0e25\u0e01\u0e32\u0e23\u0e08\u0e31\u0e14\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32"}, "files": ["\u0e20\u0e32\u0e1e \u0e51.jpg", "\u0e20\u0e32\u0e1e \u0e52.png"]}', '');
INSERT INTO public.audit_event VALUES (16, '2026-12-02 20:30:31.917685', 2, 'somchai', 'update', 'ItemFile', 4, 'แก้ไขไฟล์ ภาพบรรยากาศ.png', '{"before": {"filename": "\u0e20\u0e32\u0e1e \u0e52.png", "caption": ""}, "after": {"filename": "\u0e20\u0e32\u0e1e\u0e1a\u0e23\u0e23\u0e22\u0e32\u0e01\u0e32\u0e28.png", "caption": ""}}', '');
INSERT INTO public.audit_event VALUES (17, '2026-12-02 20:30:31.94626', 2, 'somchai', 'publish', 'EvidenceSet', 1, 'เผยแพร่ อ้างอิงชุด 1', '{"items": [1, 2, 3]}', '');
INSERT INTO public.audit_event VALUES (18, '2026-12-02 20:30:31.980774', 2, 'somchai', 'create', 'EvidenceSet', 2, 'สร้างอ้างอิงชุด 7: คำสั่งแต่งตั้งคณะกรรมการ', '{}', '');
INSERT INTO public.audit_event VALUES (19, '2026-12-02 20:30:31.997441', 2, 'somchai', 'create', 'EvidenceItem', 4, 'เพิ่มคำสั่ง/ประกาศแต่งตั้ง: แต่งตั้งคณะกรรมการนิเทศ ติดตาม ตรวจเยี่ยมสนามสอบการทดสอบทางการศึกษาระดับชาติขั้นพื้นฐาน (O-NET) ชั้นมัธยมศึกษาปีที่ ๓ ปีการศึกษา ๒๕๖๒', '{"set": 2, "type": "appointment_order", "meta": {"document_kind": "\u0e04\u0e33\u0e2a\u0e31\u0e48\u0e07", "issuer": "\u0e2a\u0e33\u0e19\u0e31\u0e01\u0e07\u0e32\u0e19\u0e40\u0e02\u0e15\u0e1e\u0e37\u0e49\u0e19\u0e17\u0e35\u0e48\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32\u0e21\u0e31\u0e18\u0e22\u0e21\u0e28\u0e36\u0e01\u0e29\u0e32 \u0e40\u0e02\u0e15 29", "order_number": "45/2563", "subject": "\u0e41\u0e15\u0e48\u0e07\u0e15\u0e31\u0e49\u0e07\u0e04\u0e13\u0e30\u0e01\u0e23\u0e23\u0e21\u0e01\u0e32\u0e23\u0e19\u0e34\u0e40\u0e17\u0e28 \u0e15\u0e34\u0e14\u0e15\u0e32\u0e21 \u0e15\u0e23\u0e27\u0e08\u0e40\u0e22\u0e35\u0e48\u0e22\u0e21\u0e2a\u0e19\u0e32\u0e21\u0e2a\u0e2d\u0e1a\u0e01\u0e32\u0e23\u0e17\u0e14\u0e2a\u0e2d\u0e1a\u0e17\u0e32\u0e07\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32\u0e23\u0e30\u0e14\u0e31\u0e1a\u0e0a\u0e32\u0e15\u0e34\u0e02\u0e31\u0e49\u0e19\u0e1e\u0e37\u0e49\u0e19\u0e10\u0e32\u0e19 (O-NET) \u0e0a\u0e31\u0e49\u0e19\u0e21\u0e31\u0e18\u0e22\u0e21\u0e28\u0e36\u0e01\u0e29\u0e32\u0e1b\u0e35\u0e17\u0e35\u0e48 \u0e53 \u0e1b\u0e35\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32 \u0e52\u0e55\u0e56\u0e52", "order_date": "2020-01-20", "signer": {"name": "\u0e19\u0e32\u0e22\u0e1b\u0e23\u0e30\u0e40\u0e2a\u0e23\u0e34\u0e10 \u0e28\u0e23\u0e35\u0e2a\u0e38\u0e02", "position": "\u0e1c\u0e39\u0e49\u0e2d\u0e33\u0e19\u0e27\u0e22\u0e01\u0e32\u0e23\u0e2a\u0e33\u0e19\u0e31\u0e01\u0e07\u0e32\u0e19\u0e40\u0e02\u0e15\u0e1e\u0e37\u0e49\u0e19\u0e17\u0e35\u0e48\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32\u0e21\u0e31\u0e18\u0e22\u0e21\u0e28\u0e36\u0e01\u0e29\u0e32 \u0e40\u0e02\u0e15 29"}, "appointees": [{"name": "\u0e19\u0e32\u0e22\u0e27\u0e34\u0e0a\u0e31\u0e22 \u0e1a\u0e38\u0e0d\u0e21\u0e32", "position": "\u0e23\u0e2d\u0e07\u0e1c\u0e39\u0e49\u0e2d\u0e33\u0e19\u0e27\u0e22\u0e01\u0e32\u0e23\u0e2a\u0e33\u0e19\u0e31\u0e01\u0e07\u0e32\u0e19\u0e40\u0e02\u0e15\u0e1e\u0e37\u0e49\u0e19\u0e17\u0e35\u0e48\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32 \u0e1b\u0e23\u0e30\u0e18\u0e32\u0e19\u0e01\u0e23\u0e23\u0e21\u0e01\u0e32\u0e23"}, {"name": "\u0e19\u0e32\u0e07\u0e2a\u0e32\u0e27\u0e2d\u0e23\u0e38\u0e13\u0e35 \u0e41\u0e01\u0e49\u0e27\u0e21\u0e13\u0e35", "position": "\u0e28\u0e36\u0e01\u0e29\u0e32\u0e19\u0e34\u0e40\u0e17\u0e28\u0e01\u0e4c \u0e01\u0e23\u0e23\u0e21\u0e01\u0e32\u0e23"}]}, "files": ["\u0e04\u0e33\u0e2a\u0e31\u0e48\u0e07 \u0e17\u0e35\u0e48 \u0e54\u0e55-\u0e52\u0e55\u0e56\u0e53.pdf"]}', '');
INSERT INTO public.audit_event VALUES (21, '2026-12-02 20:30:32.089183', 2, 'somchai', 'delete', 'EvidenceItem', 2, 'ย้ายรายการ รายงานการประชุมไปถังขยะ', '{}', '');
INSERT INTO public.audit_event VALUES (20, '2026-12-02 20:30:32.066353', 2, 'somchai', 'create', 'EvidenceItem', 5, 'เพิ่มข่าวประชาสัมพันธ์: สพม.29 ประชุม ก.ต.ป.น. ครั้งที่ 1/2563 วางแผนพัฒนาคุณภาพการศึกษา', '{"set": 2, "type": "press_release", "meta": {"headline": "\u0e2a\u0e1e\u0e21.29 \u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21 \u0e01.\u0e15.\u0e1b.\u0e19. \u0e04\u0e23\u0e31\u0e49\u0e07\u0e17\u0e35\u0e48 1/2563 \u0e27\u0e32\u0e07\u0e41\u0e1c\u0e19\u0e1e\u0e31\u0e12\u0e19\u0e32\u0e04\u0e38\u0e13\u0e20\u0e32\u0e1e\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32", "published_on": "2020-05-15", "channel": "\u0e40\u0e27\u0e47\u0e1a\u0e44\u0e0b\u0e15\u0e4c\u0e2b\u0e19\u0e48\u0e27\u0e22\u0e07\u0e32\u0e19", "url": "https://sesa29.example.go.th/news/ktpn-1-2563", "summary": "\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21\u0e04\u0e13\u0e30\u0e01\u0e23\u0e23\u0e21\u0e01\u0e32\u0e23 \u0e01.\u0e15.\u0e1b.\u0e19. \u0e40\u0e1e\u0e37\u0e48\u0e2d\u0e23\u0e48\u0e27\u0e21\u0e27\u0e32\u0e07\u0e41\u0e1c\u0e19\u0e01\u0e32\u0e23\u0e14\u0e33\u0e40\u0e19\u0e34\u0e19\u0e07\u0e32\u0e19 \u0e1b\u0e35\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32 2563", "author": "\u0e01\u0e25\u0e38\u0e48\u0e21\u0e19\u0e34\u0e40\u0e17\u0e28 \u0e15\u0e34\u0e14\u0e15\u0e32\u0e21\u0e41\u0e25\u0e30\u0e1b\u0e23\u0e30\u0e40\u0e21\u0e34\u0e19\u0e1c\u0e25\u0e01\u0e32\u0e23\u0e08\u0e31\u0e14\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32"}, "files": ["\u0e02\u0e48\u0e32\u0e27.txt"]}', '');
INSERT INTO public.audit_event VALUES (22, '2026-12-02 20:30:32.104403', 2, 'somchai', 'create', 'EvidenceSet', 3, 'สร้างอ้างอิงชุด 2: ชุดที่ลบแล้ว', '{}', '');
INSERT INTO public.audit_event VALUES (24, '2026-12-02 20:30:32.127848', 1, 'admin', 'copy_year', 'AssessmentYear', 2, 'คัดลอกหมวดจากปี 2563 ไปปี 2568', '{"categories": 6}', '');
INSERT INTO public.audit_event VALUES (26, '2026-12-02 20:30:32.140262', 1, 'admin', 'plugin_disable', '', NULL, 'ปิดใช้งานปลั๊กอิน ocr_tesseract (มีผลเมื่อเริ่มระบบใหม่)', '{"plugin": "ocr_tesseract", "via": "cli"}', '');
INSERT INTO public.audit_event VALUES (23, '2026-12-02 20:30:32.107077', 1, 'admin', 'delete', 'EvidenceSet', 3, 'ย้ายอ้างอิงชุด 2: ชุดที่ลบแล้วไปถังขยะ', '{}', '');
INSERT INTO public.audit_event VALUES (25, '2026-12-02 20:30:32.135113', 2, 'somchai', 'create', 'EvidenceSet', 4, 'สร้างอ้างอิงชุด 1: ปี 2568 ชุดแรก', '{}', '');


--
-- Data for Name: blob; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.blob VALUES ('3b3a189a6c7d4fee8b4da0b2cbb865187d4c9412cea780a5f93cbb0bf53b91bf', 19160, 'application/pdf', 'pdf', NULL, NULL, NULL, '2026-12-02 20:30:31.12989');
INSERT INTO public.blob VALUES ('92c857ccf57adbcfd9d5e302fff2737a186642602c7dbefa2aa45e3318e72fec', 5945, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'word', NULL, NULL, NULL, '2026-12-02 20:30:31.8383');
INSERT INTO public.blob VALUES ('19928cacdc92d476441067605c54b59152cee89aed4b4f94654a888227715d1d', 676, 'image/jpeg', 'image', 64, 48, NULL, '2026-12-02 20:30:31.881239');
INSERT INTO public.blob VALUES ('36d695ee38ca05af43ba50df1517f65d5fbc65274f1cac4c71eb18f179e6201a', 103, 'image/png', 'image', 40, 30, NULL, '2026-12-02 20:30:31.889504');
INSERT INTO public.blob VALUES ('ef3d6a4d033b448595951e86d1e003c918bba35d0f939083cb881a29d1c3af45', 20264, 'application/pdf', 'pdf', NULL, NULL, NULL, '2026-12-02 20:30:31.993999');
INSERT INTO public.blob VALUES ('63b6fe20e81ad30f5f63949aff4214fc9ca1449faae9758c59289f08c6b466df', 2165, 'text/plain', 'text', NULL, NULL, NULL, '2026-12-02 20:30:32.062992');


--
-- Data for Name: category; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.category VALUES (1, 1, NULL, 'O33 การเปิดโอกาสให้เกิดการมีส่วนร่วม', 'Opening opportunities for participation', '', 0, 33, '[]', NULL, NULL, '2026-12-02 20:30:31.068982', '2026-12-02 20:30:31.068994');
INSERT INTO public.category VALUES (2, 1, 1, 'การร่วมวางแผน', 'Participation in planning', '', 0, NULL, '[]', NULL, NULL, '2026-12-02 20:30:31.072004', '2026-12-02 20:30:31.072015');
INSERT INTO public.category VALUES (3, 1, 1, 'การร่วมดำเนินการ', 'Participation in implementation', '', 1, NULL, '[]', NULL, NULL, '2026-12-02 20:30:31.072019', '2026-12-02 20:30:31.07202');
INSERT INTO public.category VALUES (4, 1, 1, 'การร่วมแลกเปลี่ยนความคิดเห็น', 'Exchange of opinions', '', 2, NULL, '[]', NULL, NULL, '2026-12-02 20:30:31.072023', '2026-12-02 20:30:31.072025');
INSERT INTO public.category VALUES (5, 1, 1, 'การร่วมติดตามประเมินผล', 'Participation in monitoring and evaluation', '', 3, NULL, '[]', NULL, NULL, '2026-12-02 20:30:31.072027', '2026-12-02 20:30:31.072028');
INSERT INTO public.category VALUES (6, 1, 2, 'ประชุมคณะกรรมการ ก.ต.ป.น.', '', '', 0, NULL, '[]', NULL, NULL, '2026-12-02 20:30:31.085986', '2026-12-02 20:30:31.085997');
INSERT INTO public.category VALUES (7, 2, NULL, 'o25 การเปิดโอกาสให้เกิดการมีส่วนร่วม', 'Opening opportunities for participation', '', 0, 87, '["\u0e1b\u0e23\u0e30\u0e40\u0e14\u0e47\u0e19\u0e2b\u0e23\u0e37\u0e2d\u0e40\u0e23\u0e37\u0e48\u0e2d\u0e07\u0e43\u0e19\u0e01\u0e32\u0e23\u0e21\u0e35\u0e2a\u0e48\u0e27\u0e19\u0e23\u0e48\u0e27\u0e21", "\u0e2a\u0e23\u0e38\u0e1b\u0e02\u0e49\u0e2d\u0e21\u0e39\u0e25\u0e02\u0e2d\u0e07\u0e1c\u0e39\u0e49\u0e21\u0e35\u0e2a\u0e48\u0e27\u0e19\u0e23\u0e48\u0e27\u0e21", "\u0e1c\u0e25\u0e08\u0e32\u0e01\u0e01\u0e32\u0e23\u0e21\u0e35\u0e2a\u0e48\u0e27\u0e19\u0e23\u0e48\u0e27\u0e21", "\u0e01\u0e32\u0e23\u0e19\u0e33\u0e1c\u0e25\u0e08\u0e32\u0e01\u0e01\u0e32\u0e23\u0e21\u0e35\u0e2a\u0e48\u0e27\u0e19\u0e23\u0e48\u0e27\u0e21\u0e44\u0e1b\u0e1b\u0e23\u0e31\u0e1a\u0e1b\u0e23\u0e38\u0e07\u0e1e\u0e31\u0e12\u0e19\u0e32\u0e01\u0e32\u0e23\u0e14\u0e33\u0e40\u0e19\u0e34\u0e19\u0e07\u0e32\u0e19"]', NULL, NULL, '2026-12-02 20:30:32.120729', '2026-12-02 20:30:32.120741');
INSERT INTO public.category VALUES (8, 2, 7, 'การร่วมวางแผน', 'Participation in planning', '', 0, NULL, '[]', NULL, NULL, '2026-12-02 20:30:32.123262', '2026-12-02 20:30:32.12327');
INSERT INTO public.category VALUES (9, 2, 7, 'การร่วมดำเนินการ', 'Participation in implementation', '', 1, NULL, '[]', NULL, NULL, '2026-12-02 20:30:32.123272', '2026-12-02 20:30:32.123274');
INSERT INTO public.category VALUES (10, 2, 7, 'การร่วมแลกเปลี่ยนความคิดเห็น', 'Exchange of opinions', '', 2, NULL, '[]', NULL, NULL, '2026-12-02 20:30:32.123276', '2026-12-02 20:30:32.123278');
INSERT INTO public.category VALUES (11, 2, 7, 'การร่วมติดตามประเมินผล', 'Participation in monitoring and evaluation', '', 3, NULL, '[]', NULL, NULL, '2026-12-02 20:30:32.123279', '2026-12-02 20:30:32.123281');
INSERT INTO public.category VALUES (12, 2, 8, 'ประชุมคณะกรรมการ ก.ต.ป.น.', '', '', 0, NULL, '[]', NULL, NULL, '2026-12-02 20:30:32.124832', '2026-12-02 20:30:32.124839');


--
-- Data for Name: evidence_item; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.evidence_item VALUES (1, 'PQ7BRHv9bCI3', 1, 0, 'meeting_invitation', '{"key": "meeting_invitation", "name": "\u0e2b\u0e19\u0e31\u0e07\u0e2a\u0e37\u0e2d\u0e40\u0e0a\u0e34\u0e0d\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21", "name_en": "Meeting invitation", "version": 1, "plugin": "meeting_invitation", "fields": [{"name": "doc_number", "label": "\u0e17\u0e35\u0e48", "label_en": "Document number", "kind": "doc_number"}, {"name": "date", "label": "\u0e25\u0e07\u0e27\u0e31\u0e19\u0e17\u0e35\u0e48", "label_en": "Date", "kind": "date"}, {"name": "subject", "label": "\u0e40\u0e23\u0e37\u0e48\u0e2d\u0e07", "label_en": "Subject", "kind": "text"}, {"name": "recipient", "label": "\u0e40\u0e23\u0e35\u0e22\u0e19", "label_en": "To", "kind": "text"}, {"name": "reference", "label": "\u0e2d\u0e49\u0e32\u0e07\u0e16\u0e36\u0e07", "label_en": "Reference", "kind": "text"}, {"name": "enclosures", "label": "\u0e2a\u0e34\u0e48\u0e07\u0e17\u0e35\u0e48\u0e2a\u0e48\u0e07\u0e21\u0e32\u0e14\u0e49\u0e27\u0e22", "label_en": "Enclosures", "kind": "longtext"}, {"name": "committee", "label": "\u0e04\u0e13\u0e30\u0e01\u0e23\u0e23\u0e21\u0e01\u0e32\u0e23", "label_en": "Committee", "kind": "text"}, {"name": "meeting_number", "label": "\u0e04\u0e23\u0e31\u0e49\u0e07\u0e17\u0e35\u0e48", "label_en": "Meeting number", "kind": "meeting_number"}, {"name": "meeting_date", "label": "\u0e27\u0e31\u0e19\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21", "label_en": "Meeting date", "kind": "date"}, {"name": "meeting_time", "label": "\u0e40\u0e27\u0e25\u0e32", "label_en": "Time", "kind": "time"}, {"name": "venue", "label": "\u0e2a\u0e16\u0e32\u0e19\u0e17\u0e35\u0e48\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21", "label_en": "Venue", "kind": "text"}, {"name": "signer", "label": "\u0e1c\u0e39\u0e49\u0e25\u0e07\u0e19\u0e32\u0e21", "label_en": "Signed by", "kind": "person"}]}', 'ขอเชิญประชุมคณะกรรมการติดตาม ตรวจสอบ ประเมินผลและนิเทศการศึกษา (ก.ต.ป.น.) ครั้งที่ 1/2563', '{"doc_number": "\u0e28\u0e18 04290/1237", "date": "2020-05-08", "subject": "\u0e02\u0e2d\u0e40\u0e0a\u0e34\u0e0d\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21\u0e04\u0e13\u0e30\u0e01\u0e23\u0e23\u0e21\u0e01\u0e32\u0e23\u0e15\u0e34\u0e14\u0e15\u0e32\u0e21 \u0e15\u0e23\u0e27\u0e08\u0e2a\u0e2d\u0e1a \u0e1b\u0e23\u0e30\u0e40\u0e21\u0e34\u0e19\u0e1c\u0e25\u0e41\u0e25\u0e30\u0e19\u0e34\u0e40\u0e17\u0e28\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32 (\u0e01.\u0e15.\u0e1b.\u0e19.) \u0e04\u0e23\u0e31\u0e49\u0e07\u0e17\u0e35\u0e48 1/2563", "recipient": "\u0e04\u0e13\u0e30\u0e01\u0e23\u0e23\u0e21\u0e01\u0e32\u0e23 \u0e01.\u0e15.\u0e1b.\u0e19. \u0e17\u0e38\u0e01\u0e17\u0e48\u0e32\u0e19", "enclosures": "\u0e23\u0e30\u0e40\u0e1a\u0e35\u0e22\u0e1a\u0e27\u0e32\u0e23\u0e30\u0e01\u0e32\u0e23\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21 \u0e08\u0e33\u0e19\u0e27\u0e19 1 \u0e0a\u0e38\u0e14", "committee": "\u0e01.\u0e15.\u0e1b.\u0e19.", "meeting_number": "1/2563", "meeting_date": "2020-05-15", "meeting_time": "09:00", "venue": "\u0e2b\u0e49\u0e2d\u0e07\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21\u0e1e\u0e23\u0e2b\u0e21\u0e27\u0e34\u0e2b\u0e32\u0e23 \u0e2a\u0e33\u0e19\u0e31\u0e01\u0e07\u0e32\u0e19\u0e40\u0e02\u0e15\u0e1e\u0e37\u0e49\u0e19\u0e17\u0e35\u0e48\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32\u0e21\u0e31\u0e18\u0e22\u0e21\u0e28\u0e36\u0e01\u0e29\u0e32 \u0e40\u0e02\u0e15 29", "signer": {"name": "\u0e19\u0e32\u0e22\u0e1b\u0e23\u0e30\u0e40\u0e2a\u0e23\u0e34\u0e10 \u0e28\u0e23\u0e35\u0e2a\u0e38\u0e02", "position": "\u0e1c\u0e39\u0e49\u0e2d\u0e33\u0e19\u0e27\u0e22\u0e01\u0e32\u0e23\u0e2a\u0e33\u0e19\u0e31\u0e01\u0e07\u0e32\u0e19\u0e40\u0e02\u0e15\u0e1e\u0e37\u0e49\u0e19\u0e17\u0e35\u0e48\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32\u0e21\u0e31\u0e18\u0e22\u0e21\u0e28\u0e36\u0e01\u0e29\u0e32 \u0e40\u0e02\u0e15 29"}}', '2020-05-08', 'published', '2026-12-02 20:30:31.940419', 2, NULL, NULL, '2026-12-02 20:30:31.110178', '2026-12-02 20:30:31.942692');
INSERT INTO public.evidence_item VALUES (5, 'UWF2wKhNLNS1', 2, 1, 'press_release', '{"key": "press_release", "name": "\u0e02\u0e48\u0e32\u0e27\u0e1b\u0e23\u0e30\u0e0a\u0e32\u0e2a\u0e31\u0e21\u0e1e\u0e31\u0e19\u0e18\u0e4c", "name_en": "Press release", "version": 1, "plugin": "press_release", "fields": [{"name": "headline", "label": "\u0e2b\u0e31\u0e27\u0e02\u0e49\u0e2d\u0e02\u0e48\u0e32\u0e27", "label_en": "Headline", "kind": "text"}, {"name": "published_on", "label": "\u0e27\u0e31\u0e19\u0e17\u0e35\u0e48\u0e40\u0e1c\u0e22\u0e41\u0e1e\u0e23\u0e48", "label_en": "Published on", "kind": "date"}, {"name": "channel", "label": "\u0e0a\u0e48\u0e2d\u0e07\u0e17\u0e32\u0e07\u0e01\u0e32\u0e23\u0e40\u0e1c\u0e22\u0e41\u0e1e\u0e23\u0e48", "label_en": "Channel", "kind": "choice"}, {"name": "url", "label": "\u0e25\u0e34\u0e07\u0e01\u0e4c\u0e02\u0e48\u0e32\u0e27", "label_en": "Link", "kind": "url"}, {"name": "summary", "label": "\u0e40\u0e19\u0e37\u0e49\u0e2d\u0e2b\u0e32\u0e42\u0e14\u0e22\u0e22\u0e48\u0e2d", "label_en": "Summary", "kind": "longtext"}, {"name": "author", "label": "\u0e1c\u0e39\u0e49\u0e40\u0e02\u0e35\u0e22\u0e19\u0e02\u0e48\u0e32\u0e27", "label_en": "Author", "kind": "text"}]}', 'สพม.29 ประชุม ก.ต.ป.น. ครั้งที่ 1/2563 วางแผนพัฒนาคุณภาพการศึกษา', '{"headline": "\u0e2a\u0e1e\u0e21.29 \u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21 \u0e01.\u0e15.\u0e1b.\u0e19. \u0e04\u0e23\u0e31\u0e49\u0e07\u0e17\u0e35\u0e48 1/2563 \u0e27\u0e32\u0e07\u0e41\u0e1c\u0e19\u0e1e\u0e31\u0e12\u0e19\u0e32\u0e04\u0e38\u0e13\u0e20\u0e32\u0e1e\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32", "published_on": "2020-05-15", "channel": "\u0e40\u0e27\u0e47\u0e1a\u0e44\u0e0b\u0e15\u0e4c\u0e2b\u0e19\u0e48\u0e27\u0e22\u0e07\u0e32\u0e19", "url": "https://sesa29.example.go.th/news/ktpn-1-2563", "summary": "\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21\u0e04\u0e13\u0e30\u0e01\u0e23\u0e23\u0e21\u0e01\u0e32\u0e23 \u0e01.\u0e15.\u0e1b.\u0e19. \u0e40\u0e1e\u0e37\u0e48\u0e2d\u0e23\u0e48\u0e27\u0e21\u0e27\u0e32\u0e07\u0e41\u0e1c\u0e19\u0e01\u0e32\u0e23\u0e14\u0e33\u0e40\u0e19\u0e34\u0e19\u0e07\u0e32\u0e19 \u0e1b\u0e35\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32 2563", "author": "\u0e01\u0e25\u0e38\u0e48\u0e21\u0e19\u0e34\u0e40\u0e17\u0e28 \u0e15\u0e34\u0e14\u0e15\u0e32\u0e21\u0e41\u0e25\u0e30\u0e1b\u0e23\u0e30\u0e40\u0e21\u0e34\u0e19\u0e1c\u0e25\u0e01\u0e32\u0e23\u0e08\u0e31\u0e14\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32"}', '2020-05-15', 'draft', NULL, 2, NULL, NULL, '2026-12-02 20:30:32.060366', '2026-12-02 20:30:32.060378');
INSERT INTO public.evidence_item VALUES (2, 'ka306GKPv9Pa', 1, 1, 'meeting_minutes', '{"key": "meeting_minutes", "name": "\u0e23\u0e32\u0e22\u0e07\u0e32\u0e19\u0e01\u0e32\u0e23\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21", "name_en": "Meeting minutes", "version": 1, "plugin": "meeting_minutes", "fields": [{"name": "committee", "label": "\u0e04\u0e13\u0e30\u0e01\u0e23\u0e23\u0e21\u0e01\u0e32\u0e23/\u0e0a\u0e37\u0e48\u0e2d\u0e01\u0e32\u0e23\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21", "label_en": "Committee or meeting", "kind": "text"}, {"name": "meeting_number", "label": "\u0e04\u0e23\u0e31\u0e49\u0e07\u0e17\u0e35\u0e48", "label_en": "Meeting number", "kind": "meeting_number"}, {"name": "meeting_date", "label": "\u0e27\u0e31\u0e19\u0e17\u0e35\u0e48\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21", "label_en": "Meeting date", "kind": "date"}, {"name": "start_time", "label": "\u0e40\u0e23\u0e34\u0e48\u0e21\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21\u0e40\u0e27\u0e25\u0e32", "label_en": "Started at", "kind": "time"}, {"name": "end_time", "label": "\u0e40\u0e25\u0e34\u0e01\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21\u0e40\u0e27\u0e25\u0e32", "label_en": "Ended at", "kind": "time"}, {"name": "venue", "label": "\u0e13 (\u0e2a\u0e16\u0e32\u0e19\u0e17\u0e35\u0e48)", "label_en": "Venue", "kind": "text"}, {"name": "attendees", "label": "\u0e1c\u0e39\u0e49\u0e21\u0e32\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21", "label_en": "Present", "kind": "people"}, {"name": "absentees", "label": "\u0e1c\u0e39\u0e49\u0e44\u0e21\u0e48\u0e21\u0e32\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21", "label_en": "Absent", "kind": "people"}, {"name": "others", "label": "\u0e1c\u0e39\u0e49\u0e40\u0e02\u0e49\u0e32\u0e23\u0e48\u0e27\u0e21\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21", "label_en": "Also attending", "kind": "people"}, {"name": "agenda", "label": "\u0e23\u0e30\u0e40\u0e1a\u0e35\u0e22\u0e1a\u0e27\u0e32\u0e23\u0e30\u0e01\u0e32\u0e23\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21", "label_en": "Agenda", "kind": "longtext"}, {"name": "recorder", "label": "\u0e1c\u0e39\u0e49\u0e08\u0e14\u0e23\u0e32\u0e22\u0e07\u0e32\u0e19\u0e01\u0e32\u0e23\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21", "label_en": "Recorded by", "kind": "person"}]}', 'รายงานการประชุม', '{"committee": "\u0e04\u0e13\u0e30\u0e01\u0e23\u0e23\u0e21\u0e01\u0e32\u0e23\u0e15\u0e34\u0e14\u0e15\u0e32\u0e21 \u0e15\u0e23\u0e27\u0e08\u0e2a\u0e2d\u0e1a \u0e1b\u0e23\u0e30\u0e40\u0e21\u0e34\u0e19\u0e1c\u0e25\u0e41\u0e25\u0e30\u0e19\u0e34\u0e40\u0e17\u0e28\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32 (\u0e01.\u0e15.\u0e1b.\u0e19.)", "meeting_number": "2/2563", "meeting_date": "2020-06-12", "start_time": "09:00", "end_time": "12:00", "venue": "\u0e2b\u0e49\u0e2d\u0e07\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21\u0e1e\u0e23\u0e2b\u0e21\u0e27\u0e34\u0e2b\u0e32\u0e23 \u0e2a\u0e33\u0e19\u0e31\u0e01\u0e07\u0e32\u0e19\u0e40\u0e02\u0e15\u0e1e\u0e37\u0e49\u0e19\u0e17\u0e35\u0e48\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32\u0e21\u0e31\u0e18\u0e22\u0e21\u0e28\u0e36\u0e01\u0e29\u0e32 \u0e40\u0e02\u0e15 29", "attendees": [{"name": "\u0e19\u0e32\u0e22\u0e1b\u0e23\u0e30\u0e40\u0e2a\u0e23\u0e34\u0e10 \u0e28\u0e23\u0e35\u0e2a\u0e38\u0e02", "position": "\u0e1c\u0e39\u0e49\u0e2d\u0e33\u0e19\u0e27\u0e22\u0e01\u0e32\u0e23\u0e2a\u0e33\u0e19\u0e31\u0e01\u0e07\u0e32\u0e19\u0e40\u0e02\u0e15\u0e1e\u0e37\u0e49\u0e19\u0e17\u0e35\u0e48\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32 \u0e1b\u0e23\u0e30\u0e18\u0e32\u0e19\u0e01\u0e23\u0e23\u0e21\u0e01\u0e32\u0e23"}, {"name": "\u0e19\u0e32\u0e22\u0e27\u0e34\u0e0a\u0e31\u0e22 \u0e1a\u0e38\u0e0d\u0e21\u0e32", "position": "\u0e23\u0e2d\u0e07\u0e1c\u0e39\u0e49\u0e2d\u0e33\u0e19\u0e27\u0e22\u0e01\u0e32\u0e23\u0e2a\u0e33\u0e19\u0e31\u0e01\u0e07\u0e32\u0e19\u0e40\u0e02\u0e15\u0e1e\u0e37\u0e49\u0e19\u0e17\u0e35\u0e48\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32 \u0e01\u0e23\u0e23\u0e21\u0e01\u0e32\u0e23"}, {"name": "\u0e14\u0e23.\u0e2a\u0e38\u0e19\u0e17\u0e23 \u0e43\u0e08\u0e07\u0e32\u0e21", "position": "\u0e1c\u0e39\u0e49\u0e17\u0e23\u0e07\u0e04\u0e38\u0e13\u0e27\u0e38\u0e12\u0e34 \u0e01\u0e23\u0e23\u0e21\u0e01\u0e32\u0e23"}], "absentees": [{"name": "\u0e19\u0e32\u0e22\u0e2a\u0e21\u0e28\u0e31\u0e01\u0e14\u0e34\u0e4c \u0e21\u0e35\u0e2a\u0e38\u0e02", "position": "\u0e15\u0e34\u0e14\u0e23\u0e32\u0e0a\u0e01\u0e32\u0e23"}], "agenda": "\u0e23\u0e30\u0e40\u0e1a\u0e35\u0e22\u0e1a\u0e27\u0e32\u0e23\u0e30\u0e17\u0e35\u0e48 1 \u0e40\u0e23\u0e37\u0e48\u0e2d\u0e07\u0e17\u0e35\u0e48\u0e1b\u0e23\u0e30\u0e18\u0e32\u0e19\u0e41\u0e08\u0e49\u0e07\u0e43\u0e2b\u0e49\u0e17\u0e35\u0e48\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21\u0e17\u0e23\u0e32\u0e1a\n\u0e23\u0e30\u0e40\u0e1a\u0e35\u0e22\u0e1a\u0e27\u0e32\u0e23\u0e30\u0e17\u0e35\u0e48 2 \u0e23\u0e31\u0e1a\u0e23\u0e2d\u0e07\u0e23\u0e32\u0e22\u0e07\u0e32\u0e19\u0e01\u0e32\u0e23\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21\u0e04\u0e23\u0e31\u0e49\u0e07\u0e17\u0e35\u0e48 1/2563\n\u0e23\u0e30\u0e40\u0e1a\u0e35\u0e22\u0e1a\u0e27\u0e32\u0e23\u0e30\u0e17\u0e35\u0e48 3 \u0e40\u0e23\u0e37\u0e48\u0e2d\u0e07\u0e40\u0e1e\u0e37\u0e48\u0e2d\u0e1e\u0e34\u0e08\u0e32\u0e23\u0e13\u0e32", "recorder": {"name": "\u0e19\u0e32\u0e07\u0e2a\u0e32\u0e27\u0e2d\u0e23\u0e38\u0e13\u0e35 \u0e41\u0e01\u0e49\u0e27\u0e21\u0e13\u0e35", "position": "\u0e1c\u0e39\u0e49\u0e08\u0e14\u0e23\u0e32\u0e22\u0e07\u0e32\u0e19\u0e01\u0e32\u0e23\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21"}}', '2020-06-12', 'published', '2026-12-02 20:30:31.940419', 2, '2026-12-02 20:30:32.08808', 2, '2026-12-02 20:30:31.834618', '2026-12-02 20:30:32.090254');
INSERT INTO public.evidence_item VALUES (3, 'wdsDeGjGYroi', 1, 2, 'activity_photos', '{"key": "activity_photos", "name": "\u0e20\u0e32\u0e1e\u0e01\u0e34\u0e08\u0e01\u0e23\u0e23\u0e21", "name_en": "Activity photos", "version": 1, "plugin": "activity_photos", "fields": [{"name": "activity", "label": "\u0e01\u0e34\u0e08\u0e01\u0e23\u0e23\u0e21", "label_en": "Activity", "kind": "text"}, {"name": "activity_date", "label": "\u0e27\u0e31\u0e19\u0e17\u0e35\u0e48\u0e08\u0e31\u0e14\u0e01\u0e34\u0e08\u0e01\u0e23\u0e23\u0e21", "label_en": "Date", "kind": "date"}, {"name": "venue", "label": "\u0e2a\u0e16\u0e32\u0e19\u0e17\u0e35\u0e48", "label_en": "Venue", "kind": "text"}, {"name": "description", "label": "\u0e23\u0e32\u0e22\u0e25\u0e30\u0e40\u0e2d\u0e35\u0e22\u0e14", "label_en": "Description", "kind": "longtext"}, {"name": "photographer", "label": "\u0e1c\u0e39\u0e49\u0e16\u0e48\u0e32\u0e22\u0e20\u0e32\u0e1e", "label_en": "Photographer", "kind": "text"}]}', 'ประชุมคณะกรรมการ ก.ต.ป.น. ครั้งที่ 1/2563', '{"activity": "\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21\u0e04\u0e13\u0e30\u0e01\u0e23\u0e23\u0e21\u0e01\u0e32\u0e23 \u0e01.\u0e15.\u0e1b.\u0e19. \u0e04\u0e23\u0e31\u0e49\u0e07\u0e17\u0e35\u0e48 1/2563", "activity_date": "2020-05-15", "venue": "\u0e2b\u0e49\u0e2d\u0e07\u0e1b\u0e23\u0e30\u0e0a\u0e38\u0e21\u0e1e\u0e23\u0e2b\u0e21\u0e27\u0e34\u0e2b\u0e32\u0e23 \u0e2a\u0e33\u0e19\u0e31\u0e01\u0e07\u0e32\u0e19\u0e40\u0e02\u0e15\u0e1e\u0e37\u0e49\u0e19\u0e17\u0e35\u0e48\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32\u0e21\u0e31\u0e18\u0e22\u0e21\u0e28\u0e36\u0e01\u0e29\u0e32 \u0e40\u0e02\u0e15 29", "description": "\u0e23\u0e48\u0e27\u0e21\u0e27\u0e32\u0e07\u0e41\u0e1c\u0e19\u0e01\u0e32\u0e23\u0e14\u0e33\u0e40\u0e19\u0e34\u0e19\u0e07\u0e32\u0e19\u0e02\u0e31\u0e1a\u0e40\u0e04\u0e25\u0e37\u0e48\u0e2d\u0e19\u0e01\u0e32\u0e23\u0e1e\u0e31\u0e12\u0e19\u0e32\u0e04\u0e38\u0e13\u0e20\u0e32\u0e1e\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32 \u0e1b\u0e35\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32 2563", "photographer": "\u0e01\u0e25\u0e38\u0e48\u0e21\u0e19\u0e34\u0e40\u0e17\u0e28 \u0e15\u0e34\u0e14\u0e15\u0e32\u0e21\u0e41\u0e25\u0e30\u0e1b\u0e23\u0e30\u0e40\u0e21\u0e34\u0e19\u0e1c\u0e25\u0e01\u0e32\u0e23\u0e08\u0e31\u0e14\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32"}', '2020-05-15', 'published', '2026-12-02 20:30:31.940419', 2, NULL, NULL, '2026-12-02 20:30:31.876184', '2026-12-02 20:30:31.94272');
INSERT INTO public.evidence_item VALUES (4, 'InLL8UbfOVQy', 2, 0, 'appointment_order', '{"key": "appointment_order", "name": "\u0e04\u0e33\u0e2a\u0e31\u0e48\u0e07/\u0e1b\u0e23\u0e30\u0e01\u0e32\u0e28\u0e41\u0e15\u0e48\u0e07\u0e15\u0e31\u0e49\u0e07", "name_en": "Appointment order or announcement", "version": 1, "plugin": "appointment_order", "fields": [{"name": "document_kind", "label": "\u0e1b\u0e23\u0e30\u0e40\u0e20\u0e17", "label_en": "Kind", "kind": "choice"}, {"name": "issuer", "label": "\u0e2b\u0e19\u0e48\u0e27\u0e22\u0e07\u0e32\u0e19\u0e17\u0e35\u0e48\u0e2d\u0e2d\u0e01", "label_en": "Issued by", "kind": "text"}, {"name": "order_number", "label": "\u0e17\u0e35\u0e48", "label_en": "Number", "kind": "order_number"}, {"name": "subject", "label": "\u0e40\u0e23\u0e37\u0e48\u0e2d\u0e07", "label_en": "Subject", "kind": "text"}, {"name": "order_date", "label": "\u0e2a\u0e31\u0e48\u0e07 \u0e13 \u0e27\u0e31\u0e19\u0e17\u0e35\u0e48 / \u0e1b\u0e23\u0e30\u0e01\u0e32\u0e28 \u0e13 \u0e27\u0e31\u0e19\u0e17\u0e35\u0e48", "label_en": "Date of issue", "kind": "date"}, {"name": "signer", "label": "\u0e1c\u0e39\u0e49\u0e25\u0e07\u0e19\u0e32\u0e21", "label_en": "Signed by", "kind": "person"}, {"name": "appointees", "label": "\u0e1c\u0e39\u0e49\u0e44\u0e14\u0e49\u0e23\u0e31\u0e1a\u0e41\u0e15\u0e48\u0e07\u0e15\u0e31\u0e49\u0e07", "label_en": "Appointees", "kind": "people"}]}', 'แต่งตั้งคณะกรรมการนิเทศ ติดตาม ตรวจเยี่ยมสนามสอบการทดสอบทางการศึกษาระดับชาติขั้นพื้นฐาน (O-NET) ชั้นมัธยมศึกษาปีที่ ๓ ปีการศึกษา ๒๕๖๒', '{"document_kind": "\u0e04\u0e33\u0e2a\u0e31\u0e48\u0e07", "issuer": "\u0e2a\u0e33\u0e19\u0e31\u0e01\u0e07\u0e32\u0e19\u0e40\u0e02\u0e15\u0e1e\u0e37\u0e49\u0e19\u0e17\u0e35\u0e48\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32\u0e21\u0e31\u0e18\u0e22\u0e21\u0e28\u0e36\u0e01\u0e29\u0e32 \u0e40\u0e02\u0e15 29", "order_number": "45/2563", "subject": "\u0e41\u0e15\u0e48\u0e07\u0e15\u0e31\u0e49\u0e07\u0e04\u0e13\u0e30\u0e01\u0e23\u0e23\u0e21\u0e01\u0e32\u0e23\u0e19\u0e34\u0e40\u0e17\u0e28 \u0e15\u0e34\u0e14\u0e15\u0e32\u0e21 \u0e15\u0e23\u0e27\u0e08\u0e40\u0e22\u0e35\u0e48\u0e22\u0e21\u0e2a\u0e19\u0e32\u0e21\u0e2a\u0e2d\u0e1a\u0e01\u0e32\u0e23\u0e17\u0e14\u0e2a\u0e2d\u0e1a\u0e17\u0e32\u0e07\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32\u0e23\u0e30\u0e14\u0e31\u0e1a\u0e0a\u0e32\u0e15\u0e34\u0e02\u0e31\u0e49\u0e19\u0e1e\u0e37\u0e49\u0e19\u0e10\u0e32\u0e19 (O-NET) \u0e0a\u0e31\u0e49\u0e19\u0e21\u0e31\u0e18\u0e22\u0e21\u0e28\u0e36\u0e01\u0e29\u0e32\u0e1b\u0e35\u0e17\u0e35\u0e48 \u0e53 \u0e1b\u0e35\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32 \u0e52\u0e55\u0e56\u0e52", "order_date": "2020-01-20", "signer": {"name": "\u0e19\u0e32\u0e22\u0e1b\u0e23\u0e30\u0e40\u0e2a\u0e23\u0e34\u0e10 \u0e28\u0e23\u0e35\u0e2a\u0e38\u0e02", "position": "\u0e1c\u0e39\u0e49\u0e2d\u0e33\u0e19\u0e27\u0e22\u0e01\u0e32\u0e23\u0e2a\u0e33\u0e19\u0e31\u0e01\u0e07\u0e32\u0e19\u0e40\u0e02\u0e15\u0e1e\u0e37\u0e49\u0e19\u0e17\u0e35\u0e48\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32\u0e21\u0e31\u0e18\u0e22\u0e21\u0e28\u0e36\u0e01\u0e29\u0e32 \u0e40\u0e02\u0e15 29"}, "appointees": [{"name": "\u0e19\u0e32\u0e22\u0e27\u0e34\u0e0a\u0e31\u0e22 \u0e1a\u0e38\u0e0d\u0e21\u0e32", "position": "\u0e23\u0e2d\u0e07\u0e1c\u0e39\u0e49\u0e2d\u0e33\u0e19\u0e27\u0e22\u0e01\u0e32\u0e23\u0e2a\u0e33\u0e19\u0e31\u0e01\u0e07\u0e32\u0e19\u0e40\u0e02\u0e15\u0e1e\u0e37\u0e49\u0e19\u0e17\u0e35\u0e48\u0e01\u0e32\u0e23\u0e28\u0e36\u0e01\u0e29\u0e32 \u0e1b\u0e23\u0e30\u0e18\u0e32\u0e19\u0e01\u0e23\u0e23\u0e21\u0e01\u0e32\u0e23"}, {"name": "\u0e19\u0e32\u0e07\u0e2a\u0e32\u0e27\u0e2d\u0e23\u0e38\u0e13\u0e35 \u0e41\u0e01\u0e49\u0e27\u0e21\u0e13\u0e35", "position": "\u0e28\u0e36\u0e01\u0e29\u0e32\u0e19\u0e34\u0e40\u0e17\u0e28\u0e01\u0e4c \u0e01\u0e23\u0e23\u0e21\u0e01\u0e32\u0e23"}]}', '2020-01-20', 'draft', NULL, 2, NULL, NULL, '2026-12-02 20:30:31.985788', '2026-12-02 20:30:31.985798');


--
-- Data for Name: evidence_set; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.evidence_set VALUES (1, '1n653LLk-JhI', 2, 1, 'การประชุม ก.ต.ป.น. ครั้งที่ 1/2563', '', 'published', '2026-12-02 20:30:31.940419', 2, NULL, NULL, '2026-12-02 20:30:31.096806', '2026-12-02 20:30:31.941512');
INSERT INTO public.evidence_set VALUES (2, 'Dh7ybkhMGDJi', 6, 7, 'คำสั่งแต่งตั้งคณะกรรมการ', '', 'draft', NULL, 2, NULL, NULL, '2026-12-02 20:30:31.979018', '2026-12-02 20:30:31.979032');
INSERT INTO public.evidence_set VALUES (3, 'djHULHfDL5eJ', 2, 2, 'ชุดที่ลบแล้ว', '', 'draft', NULL, 2, '2026-12-02 20:30:32.106244', 1, '2026-12-02 20:30:32.102847', '2026-12-02 20:30:32.108077');
INSERT INTO public.evidence_set VALUES (4, 'vBFWMxrWUMAO', 7, 1, 'ปี 2568 ชุดแรก', '', 'draft', NULL, 2, NULL, NULL, '2026-12-02 20:30:32.133422', '2026-12-02 20:30:32.133435');


--
-- Data for Name: file_text; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.file_text VALUES ('3b3a189a6c7d4fee8b4da0b2cbb865187d4c9412cea780a5f93cbb0bf53b91bf', 'done', 'ที่ ศธ 04290/1237
สำนักงานเขตพื้นที่การศึกษามัธยมศึกษา เขต 29
ถนนแจ้งสนิท อำเภอเมือง จังหวัดอุบลราชธานี 34000
8 พฤษภาคม 2563
เรื่อง ขอเชิญประชุมคณะกรรมการติดตาม ตรวจสอบ ประเมินผลและนิเทศการศึกษา (ก.ต.ป.น.) ครั้งที่ 1/2563
เรียน คณะกรรมการ ก.ต.ป.น. ทุกท่าน
สิ่งที่ส่งมาด้วย ระเบียบวาระการประชุม จำนวน 1 ชุด
ด้วยสำนักงานเขตพื้นที่การศึกษามัธยมศึกษา เขต 29 กำหนดประชุมคณะกรรมการติดตาม ตรวจสอบ ประเมินผลและนิเทศการศึกษา ครั้งที่ 1/2563 เพื่อร่วมวางแผนการดำเนินงานขับเคลื่อนการพัฒนาคุณภาพการศึกษา ปีการศึกษา
2563 ในวันศุกร์ที่ 15 พฤษภาคม 2563 เวลา 09.00 น. ณ ห้องประชุมพรหมวิหาร สำนักงานเขตพื้นที่การศึกษามัธยมศึกษา เขต 29
จึงเรียนมาเพื่อโปรดเข้าร่วมประชุมตามวัน เวลา และสถานที่ดังกล่าว
ขอแสดงความนับถือ
(นายประเสริฐ ศรีสุข)
ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษามัธยมศึกษา เขต 29
กลุ่มนิเทศ ติดตามและประเมินผลการจัดการศึกษา
โทร. 0 4524 4001', 'text_extract', '', 1, NULL, '2026-12-02 20:30:32.15878');
INSERT INTO public.file_text VALUES ('92c857ccf57adbcfd9d5e302fff2737a186642602c7dbefa2aa45e3318e72fec', 'done', 'รายงานการประชุมคณะกรรมการติดตาม ตรวจสอบ ประเมินผลและนิเทศการศึกษา (ก.ต.ป.น.)
ครั้งที่ 2/2563
เมื่อวันศุกร์ที่ 12 มิถุนายน 2563 เวลา 09.00 น.
ณ ห้องประชุมพรหมวิหาร สำนักงานเขตพื้นที่การศึกษามัธยมศึกษา เขต 29
ผู้มาประชุม
1. นายประเสริฐ ศรีสุข ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา ประธานกรรมการ
2. นายวิชัย บุญมา รองผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา กรรมการ
3. ดร.สุนทร ใจงาม ผู้ทรงคุณวุฒิ กรรมการ
ผู้ไม่มาประชุม
1. นายสมศักดิ์ มีสุข ติดราชการ
เริ่มประชุมเวลา 09.00 น.
ระเบียบวาระที่ 1 เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ
ประธานแจ้งสถานการณ์การแพร่ระบาดของโรคติดเชื้อไวรัสโคโรนา 2019 (COVID-19) และแนวทางการจัดการเรียนการสอนทางไกล
ระเบียบวาระที่ 2 รับรองรายงานการประชุมครั้งที่ 1/2563
มติที่ประชุม รับรองรายงานการประชุมโดยไม่มีการแก้ไข
ระเบียบวาระที่ 3 เรื่องเพื่อพิจารณา
3.1 แผนปฏิบัติการนิเทศ ปีการศึกษา 2563
3.2 คู่มือการนิเทศ และคู่มือการประเมินผลการจัดการศึกษา
3.3 กรอบหลักสูตรท้องถิ่นจังหวัดอุบลราชธานี และจังหวัดอำนาจเจริญ
มติที่ประชุม เห็นชอบ
เลิกประชุมเวลา 12.00 น.
ลงชื่อ นางสาวอรุณี แก้วมณี ผู้จดรายงานการประชุม
ลงชื่อ นายประเสริฐ ศรีสุข ผู้ตรวจรายงานการประชุม', 'text_extract', '', 1, NULL, '2026-12-02 20:30:32.193899');
INSERT INTO public.file_text VALUES ('19928cacdc92d476441067605c54b59152cee89aed4b4f94654a888227715d1d', 'done', '', 'ocr_tesseract', '', 1, NULL, '2026-12-02 20:30:32.323048');
INSERT INTO public.file_text VALUES ('36d695ee38ca05af43ba50df1517f65d5fbc65274f1cac4c71eb18f179e6201a', 'done', '', 'ocr_tesseract', '', 1, NULL, '2026-12-02 20:30:32.458251');
INSERT INTO public.file_text VALUES ('ef3d6a4d033b448595951e86d1e003c918bba35d0f939083cb881a29d1c3af45', 'done', 'คำสั่งสำนักงานเขตพื้นที่การศึกษามัธยมศึกษา เขต 29
ที่ ๔๕/๒๕๖๓
เรื่อง แต่งตั้งคณะกรรมการนิเทศ ติดตาม ตรวจเยี่ยมสนามสอบการทดสอบทางการศึกษาระดับชาติขั้นพื้นฐาน (O-NET) ชั้นมัธยมศึกษาปีที่ ๓ ปีการศึกษา
๒๕๖๒
ด้วยสถาบันทดสอบทางการศึกษาแห่งชาติ (องค์การมหาชน) กำหนดจัดสอบ O-NET ชั้นมัธยมศึกษาปีที่ ๓ ปีการศึกษา ๒๕๖๒ ในวันที่ ๑-๒ กุมภาพันธ์ ๒๕๖๓
เพื่อให้การดำเนินการสอบเป็นไปด้วยความเรียบร้อย โปร่งใส และเป็นธรรม จึงแต่งตั้งคณะกรรมการนิเทศ ติดตาม ตรวจเยี่ยมสนามสอบ จำนวน ๗ คณะ ดังนี้
คณะที่ ๑ นายวิชัย บุญมา รองผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา ประธานกรรมการ
คณะที่ ๓ นางสาวอรุณี แก้วมณี ศึกษานิเทศก์ และกรรมการ ก.ต.ป.น. ผู้ทรงคุณวุฒิ กรรมการ
ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป
สั่ง ณ วันที่ ๒๐ มกราคม พ.ศ. ๒๕๖๓
(นายประเสริฐ ศรีสุข)
ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษามัธยมศึกษา เขต 29', 'text_extract', '', 1, NULL, '2026-12-02 20:30:32.49344');
INSERT INTO public.file_text VALUES ('63b6fe20e81ad30f5f63949aff4214fc9ca1449faae9758c59289f08c6b466df', 'done', 'คำสั่งสำนักงานเขตพื้นที่การศึกษามัธยมศึกษา เขต 29
ที่ ๔๕/๒๕๖๓
เรื่อง แต่งตั้งคณะกรรมการนิเทศ ติดตาม ตรวจเยี่ยมสนามสอบการทดสอบทางการศึกษาระดับชาติขั้นพื้นฐาน (O-NET) ชั้นมัธยมศึกษาปีที่ ๓ ปีการศึกษา ๒๕๖๒


ด้วยสถาบันทดสอบทางการศึกษาแห่งชาติ (องค์การมหาชน) กำหนดจัดสอบ O-NET ชั้นมัธยมศึกษาปีที่ ๓ ปีการศึกษา ๒๕๖๒ ในวันที่ ๑-๒ กุมภาพันธ์ ๒๕๖๓ เพื่อให้การดำเนินการสอบเป็นไปด้วยความเรียบร้อย โปร่งใส และเป็นธรรม จึงแต่งตั้งคณะกรรมการนิเทศ ติดตาม ตรวจเยี่ยมสนามสอบ จำนวน ๗ คณะ ดังนี้


คณะที่ ๑ นายวิชัย บุญมา รองผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา ประธานกรรมการ


คณะที่ ๓ นางสาวอรุณี แก้วมณี ศึกษานิเทศก์ และกรรมการ ก.ต.ป.น. ผู้ทรงคุณวุฒิ กรรมการ


ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป


สั่ง ณ วันที่ ๒๐ มกราคม พ.ศ. ๒๕๖๓

(นายประเสริฐ ศรีสุข)
ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษามัธยมศึกษา เขต 29
', 'text_extract', '', 1, NULL, '2026-12-02 20:30:32.996333');


--
-- Data for Name: indicator; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.indicator VALUES (1, 2563, 'O1', 'โครงสร้าง', '9.1 ข้อมูลพื้นฐาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.922613', '2026-12-02 20:30:30.922627');
INSERT INTO public.indicator VALUES (2, 2563, 'O2', 'ข้อมูลผู้บริหาร', '9.1 ข้อมูลพื้นฐาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.925561', '2026-12-02 20:30:30.925575');
INSERT INTO public.indicator VALUES (3, 2563, 'O3', 'อำนาจหน้าที่', '9.1 ข้อมูลพื้นฐาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.927385', '2026-12-02 20:30:30.927396');
INSERT INTO public.indicator VALUES (4, 2563, 'O4', 'แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน', '9.1 ข้อมูลพื้นฐาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.928955', '2026-12-02 20:30:30.928966');
INSERT INTO public.indicator VALUES (5, 2563, 'O5', 'ข้อมูลการติดต่อ', '9.1 ข้อมูลพื้นฐาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.930481', '2026-12-02 20:30:30.93049');
INSERT INTO public.indicator VALUES (6, 2563, 'O6', 'กฎหมายที่เกี่ยวข้อง', '9.1 ข้อมูลพื้นฐาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.931968', '2026-12-02 20:30:30.931977');
INSERT INTO public.indicator VALUES (7, 2563, 'O7', 'ข่าวประชาสัมพันธ์', '9.1 ข้อมูลพื้นฐาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.933328', '2026-12-02 20:30:30.933335');
INSERT INTO public.indicator VALUES (8, 2563, 'O8', 'Q&A', '9.1 ข้อมูลพื้นฐาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.934618', '2026-12-02 20:30:30.934627');
INSERT INTO public.indicator VALUES (9, 2563, 'O9', 'Social Network', '9.1 ข้อมูลพื้นฐาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.935843', '2026-12-02 20:30:30.93585');
INSERT INTO public.indicator VALUES (10, 2563, 'O10', 'แผนดำเนินงานประจำปี', '9.2 การบริหารงาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.936929', '2026-12-02 20:30:30.936936');
INSERT INTO public.indicator VALUES (11, 2563, 'O11', 'รายงานการกำกับติดตามการดำเนินงานประจำปี รอบ 6 เดือน', '9.2 การบริหารงาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.938084', '2026-12-02 20:30:30.938093');
INSERT INTO public.indicator VALUES (12, 2563, 'O12', 'รายงานผลการดำเนินงานประจำปี', '9.2 การบริหารงาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.939123', '2026-12-02 20:30:30.93913');
INSERT INTO public.indicator VALUES (13, 2563, 'O13', 'คู่มือหรือมาตรฐานการปฏิบัติงาน', '9.2 การบริหารงาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.940129', '2026-12-02 20:30:30.940136');
INSERT INTO public.indicator VALUES (14, 2563, 'O14', 'คู่มือหรือมาตรฐานการให้บริการ', '9.2 การบริหารงาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.941095', '2026-12-02 20:30:30.941102');
INSERT INTO public.indicator VALUES (15, 2563, 'O15', 'ข้อมูลเชิงสถิติการให้บริการ', '9.2 การบริหารงาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.942066', '2026-12-02 20:30:30.942075');
INSERT INTO public.indicator VALUES (16, 2563, 'O16', 'รายงานผลการสำรวจความพึงพอใจการให้บริการ', '9.2 การบริหารงาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.943025', '2026-12-02 20:30:30.943032');
INSERT INTO public.indicator VALUES (17, 2563, 'O17', 'E-Service', '9.2 การบริหารงาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.943933', '2026-12-02 20:30:30.943939');
INSERT INTO public.indicator VALUES (18, 2563, 'O18', 'แผนการใช้จ่ายงบประมาณประจำปี', '9.3 การบริหารเงินงบประมาณ', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.94488', '2026-12-02 20:30:30.944887');
INSERT INTO public.indicator VALUES (19, 2563, 'O19', 'รายงานการกำกับติดตามการใช้จ่ายงบประมาณ ประจำปี รอบ 6 เดือน', '9.3 การบริหารเงินงบประมาณ', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.945808', '2026-12-02 20:30:30.945815');
INSERT INTO public.indicator VALUES (20, 2563, 'O20', 'รายงานผลการใช้จ่ายงบประมาณประจำปี', '9.3 การบริหารเงินงบประมาณ', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.946769', '2026-12-02 20:30:30.946777');
INSERT INTO public.indicator VALUES (21, 2563, 'O21', 'แผนการจัดซื้อจัดจ้างหรือแผนการจัดหาพัสดุ', '9.3 การบริหารเงินงบประมาณ', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.947723', '2026-12-02 20:30:30.94773');
INSERT INTO public.indicator VALUES (22, 2563, 'O22', 'ประกาศต่าง ๆ เกี่ยวกับการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ', '9.3 การบริหารเงินงบประมาณ', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.948623', '2026-12-02 20:30:30.94863');
INSERT INTO public.indicator VALUES (23, 2563, 'O23', 'สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน', '9.3 การบริหารเงินงบประมาณ', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.949568', '2026-12-02 20:30:30.949575');
INSERT INTO public.indicator VALUES (24, 2563, 'O24', 'รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี', '9.3 การบริหารเงินงบประมาณ', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.950508', '2026-12-02 20:30:30.950515');
INSERT INTO public.indicator VALUES (25, 2563, 'O25', 'นโยบายการบริหารทรัพยากรบุคคล', '9.4 การบริหารและพัฒนาทรัพยากรบุคคล', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.951443', '2026-12-02 20:30:30.951449');
INSERT INTO public.indicator VALUES (26, 2563, 'O26', 'การดำเนินการตามนโยบายการบริหารทรัพยากรบุคคล', '9.4 การบริหารและพัฒนาทรัพยากรบุคคล', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.952367', '2026-12-02 20:30:30.952373');
INSERT INTO public.indicator VALUES (27, 2563, 'O27', 'หลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล', '9.4 การบริหารและพัฒนาทรัพยากรบุคคล', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.953266', '2026-12-02 20:30:30.953272');
INSERT INTO public.indicator VALUES (28, 2563, 'O28', 'รายงานผลการบริหารและพัฒนาทรัพยากรบุคคลประจำปี', '9.4 การบริหารและพัฒนาทรัพยากรบุคคล', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.954244', '2026-12-02 20:30:30.954251');
INSERT INTO public.indicator VALUES (29, 2563, 'O29', 'แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริต', '9.5 การส่งเสริมความโปร่งใส', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.955178', '2026-12-02 20:30:30.955184');
INSERT INTO public.indicator VALUES (30, 2563, 'O30', 'ช่องทางแจ้งเรื่องร้องเรียนการทุจริต', '9.5 การส่งเสริมความโปร่งใส', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.956108', '2026-12-02 20:30:30.956118');
INSERT INTO public.indicator VALUES (31, 2563, 'O31', 'ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตประจำปี', '9.5 การส่งเสริมความโปร่งใส', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.957086', '2026-12-02 20:30:30.957093');
INSERT INTO public.indicator VALUES (32, 2563, 'O32', 'ช่องทางการรับฟังความคิดเห็น', '9.5 การส่งเสริมความโปร่งใส', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.958036', '2026-12-02 20:30:30.958044');
INSERT INTO public.indicator VALUES (33, 2563, 'O33', 'การเปิดโอกาสให้เกิดการมีส่วนร่วม', '9.5 การส่งเสริมความโปร่งใส', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.958945', '2026-12-02 20:30:30.958952');
INSERT INTO public.indicator VALUES (34, 2563, 'O34', 'เจตจำนงสุจริตของผู้บริหาร', '10.1 การดำเนินการเพื่อป้องกันการทุจริต', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.9599', '2026-12-02 20:30:30.959907');
INSERT INTO public.indicator VALUES (35, 2563, 'O35', 'การมีส่วนร่วมของผู้บริหาร', '10.1 การดำเนินการเพื่อป้องกันการทุจริต', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.960846', '2026-12-02 20:30:30.960854');
INSERT INTO public.indicator VALUES (36, 2563, 'O36', 'การประเมินความเสี่ยงการทุจริตประจำปี', '10.1 การดำเนินการเพื่อป้องกันการทุจริต', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.961765', '2026-12-02 20:30:30.961771');
INSERT INTO public.indicator VALUES (37, 2563, 'O37', 'การดำเนินการเพื่อจัดการความเสี่ยงการทุจริต', '10.1 การดำเนินการเพื่อป้องกันการทุจริต', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.963559', '2026-12-02 20:30:30.963568');
INSERT INTO public.indicator VALUES (38, 2563, 'O38', 'การเสริมสร้างวัฒนธรรมองค์กร', '10.1 การดำเนินการเพื่อป้องกันการทุจริต', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.964594', '2026-12-02 20:30:30.964602');
INSERT INTO public.indicator VALUES (39, 2563, 'O39', 'แผนปฏิบัติการป้องกันการทุจริต', '10.1 การดำเนินการเพื่อป้องกันการทุจริต', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.965552', '2026-12-02 20:30:30.965559');
INSERT INTO public.indicator VALUES (40, 2563, 'O40', 'รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริตประจำปี รอบ 6 เดือน', '10.1 การดำเนินการเพื่อป้องกันการทุจริต', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.966571', '2026-12-02 20:30:30.966578');
INSERT INTO public.indicator VALUES (41, 2563, 'O41', 'รายงานผลการดำเนินการป้องกันการทุจริตประจำปี', '10.1 การดำเนินการเพื่อป้องกันการทุจริต', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.967549', '2026-12-02 20:30:30.967556');
INSERT INTO public.indicator VALUES (42, 2563, 'O42', 'มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน', '10.2 มาตรการภายในเพื่อป้องกันการทุจริต', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.968521', '2026-12-02 20:30:30.968529');
INSERT INTO public.indicator VALUES (43, 2563, 'O43', 'การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน', '10.2 มาตรการภายในเพื่อป้องกันการทุจริต', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.969507', '2026-12-02 20:30:30.969514');
INSERT INTO public.indicator VALUES (44, 2564, 'O1', 'โครงสร้าง', '9.1 ข้อมูลพื้นฐาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.970476', '2026-12-02 20:30:30.970482');
INSERT INTO public.indicator VALUES (45, 2564, 'O2', 'ข้อมูลผู้บริหาร', '9.1 ข้อมูลพื้นฐาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.971432', '2026-12-02 20:30:30.971439');
INSERT INTO public.indicator VALUES (46, 2564, 'O3', 'อำนาจหน้าที่', '9.1 ข้อมูลพื้นฐาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.972385', '2026-12-02 20:30:30.972392');
INSERT INTO public.indicator VALUES (47, 2564, 'O4', 'แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน', '9.1 ข้อมูลพื้นฐาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.973303', '2026-12-02 20:30:30.97331');
INSERT INTO public.indicator VALUES (48, 2564, 'O5', 'ข้อมูลการติดต่อ', '9.1 ข้อมูลพื้นฐาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.9743', '2026-12-02 20:30:30.974307');
INSERT INTO public.indicator VALUES (49, 2564, 'O6', 'กฎหมายที่เกี่ยวข้อง', '9.1 ข้อมูลพื้นฐาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.975269', '2026-12-02 20:30:30.975276');
INSERT INTO public.indicator VALUES (50, 2564, 'O7', 'ข่าวประชาสัมพันธ์', '9.1 ข้อมูลพื้นฐาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.976202', '2026-12-02 20:30:30.97621');
INSERT INTO public.indicator VALUES (51, 2564, 'O8', 'Q&A', '9.1 ข้อมูลพื้นฐาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.977117', '2026-12-02 20:30:30.977123');
INSERT INTO public.indicator VALUES (52, 2564, 'O9', 'Social Network', '9.1 ข้อมูลพื้นฐาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.978125', '2026-12-02 20:30:30.978132');
INSERT INTO public.indicator VALUES (53, 2564, 'O10', 'แผนดำเนินงานประจำปี', '9.2 การบริหารงาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.979088', '2026-12-02 20:30:30.979095');
INSERT INTO public.indicator VALUES (54, 2564, 'O11', 'รายงานการกำกับติดตามการดำเนินงานประจำปี รอบ 6 เดือน', '9.2 การบริหารงาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.98007', '2026-12-02 20:30:30.980078');
INSERT INTO public.indicator VALUES (55, 2564, 'O12', 'รายงานผลการดำเนินงานประจำปี', '9.2 การบริหารงาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.98101', '2026-12-02 20:30:30.981017');
INSERT INTO public.indicator VALUES (56, 2564, 'O13', 'คู่มือหรือมาตรฐานการปฏิบัติงาน', '9.2 การบริหารงาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.981935', '2026-12-02 20:30:30.981942');
INSERT INTO public.indicator VALUES (57, 2564, 'O14', 'คู่มือหรือมาตรฐานการให้บริการ', '9.2 การบริหารงาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.982949', '2026-12-02 20:30:30.982956');
INSERT INTO public.indicator VALUES (58, 2564, 'O15', 'ข้อมูลเชิงสถิติการให้บริการ', '9.2 การบริหารงาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.983896', '2026-12-02 20:30:30.983903');
INSERT INTO public.indicator VALUES (59, 2564, 'O16', 'รายงานผลการสำรวจความพึงพอใจการให้บริการ', '9.2 การบริหารงาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.984839', '2026-12-02 20:30:30.984846');
INSERT INTO public.indicator VALUES (60, 2564, 'O17', 'E-Service', '9.2 การบริหารงาน', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.985822', '2026-12-02 20:30:30.985829');
INSERT INTO public.indicator VALUES (61, 2564, 'O18', 'แผนการใช้จ่ายงบประมาณประจำปี', '9.3 การบริหารเงินงบประมาณ', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.986809', '2026-12-02 20:30:30.986816');
INSERT INTO public.indicator VALUES (62, 2564, 'O19', 'รายงานการกำกับติดตามการใช้จ่ายงบประมาณ ประจำปี รอบ 6 เดือน', '9.3 การบริหารเงินงบประมาณ', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.987746', '2026-12-02 20:30:30.987753');
INSERT INTO public.indicator VALUES (63, 2564, 'O20', 'รายงานผลการใช้จ่ายงบประมาณประจำปี', '9.3 การบริหารเงินงบประมาณ', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.988734', '2026-12-02 20:30:30.988741');
INSERT INTO public.indicator VALUES (64, 2564, 'O21', 'แผนการจัดซื้อจัดจ้างหรือแผนการจัดหาพัสดุ', '9.3 การบริหารเงินงบประมาณ', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.989673', '2026-12-02 20:30:30.989679');
INSERT INTO public.indicator VALUES (65, 2564, 'O22', 'ประกาศต่าง ๆ เกี่ยวกับการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ', '9.3 การบริหารเงินงบประมาณ', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.990669', '2026-12-02 20:30:30.990677');
INSERT INTO public.indicator VALUES (66, 2564, 'O23', 'สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน', '9.3 การบริหารเงินงบประมาณ', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.991647', '2026-12-02 20:30:30.991654');
INSERT INTO public.indicator VALUES (67, 2564, 'O24', 'รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี', '9.3 การบริหารเงินงบประมาณ', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.992606', '2026-12-02 20:30:30.992612');
INSERT INTO public.indicator VALUES (68, 2564, 'O25', 'นโยบายการบริหารทรัพยากรบุคคล', '9.4 การบริหารและพัฒนาทรัพยากรบุคคล', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.993585', '2026-12-02 20:30:30.993592');
INSERT INTO public.indicator VALUES (69, 2564, 'O26', 'การดำเนินการตามนโยบายการบริหารทรัพยากรบุคคล', '9.4 การบริหารและพัฒนาทรัพยากรบุคคล', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.994577', '2026-12-02 20:30:30.994584');
INSERT INTO public.indicator VALUES (70, 2564, 'O27', 'หลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล', '9.4 การบริหารและพัฒนาทรัพยากรบุคคล', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.995598', '2026-12-02 20:30:30.995605');
INSERT INTO public.indicator VALUES (71, 2564, 'O28', 'รายงานผลการบริหารและพัฒนาทรัพยากรบุคคลประจำปี', '9.4 การบริหารและพัฒนาทรัพยากรบุคคล', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.996577', '2026-12-02 20:30:30.996584');
INSERT INTO public.indicator VALUES (72, 2564, 'O29', 'แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริต', '9.5 การส่งเสริมความโปร่งใส', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.997528', '2026-12-02 20:30:30.997536');
INSERT INTO public.indicator VALUES (73, 2564, 'O30', 'ช่องทางแจ้งเรื่องร้องเรียนการทุจริต', '9.5 การส่งเสริมความโปร่งใส', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.9985', '2026-12-02 20:30:30.998508');
INSERT INTO public.indicator VALUES (74, 2564, 'O31', 'ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตประจำปี', '9.5 การส่งเสริมความโปร่งใส', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:30.999485', '2026-12-02 20:30:30.999493');
INSERT INTO public.indicator VALUES (75, 2564, 'O32', 'ช่องทางการรับฟังความคิดเห็น', '9.5 การส่งเสริมความโปร่งใส', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:31.000438', '2026-12-02 20:30:31.000445');
INSERT INTO public.indicator VALUES (76, 2564, 'O33', 'การเปิดโอกาสให้เกิดการมีส่วนร่วม', '9.5 การส่งเสริมความโปร่งใส', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:31.00136', '2026-12-02 20:30:31.001367');
INSERT INTO public.indicator VALUES (77, 2564, 'O34', 'เจตจำนงสุจริตของผู้บริหาร', '10.1 การดำเนินการเพื่อป้องกันการทุจริต', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:31.002356', '2026-12-02 20:30:31.002364');
INSERT INTO public.indicator VALUES (78, 2564, 'O35', 'การมีส่วนร่วมของผู้บริหาร', '10.1 การดำเนินการเพื่อป้องกันการทุจริต', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:31.003326', '2026-12-02 20:30:31.003334');
INSERT INTO public.indicator VALUES (79, 2564, 'O36', 'การประเมินความเสี่ยงการทุจริตประจำปี', '10.1 การดำเนินการเพื่อป้องกันการทุจริต', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:31.004258', '2026-12-02 20:30:31.004264');
INSERT INTO public.indicator VALUES (80, 2564, 'O37', 'การดำเนินการเพื่อจัดการความเสี่ยงการทุจริต', '10.1 การดำเนินการเพื่อป้องกันการทุจริต', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:31.005201', '2026-12-02 20:30:31.005209');
INSERT INTO public.indicator VALUES (81, 2564, 'O38', 'การเสริมสร้างวัฒนธรรมองค์กร', '10.1 การดำเนินการเพื่อป้องกันการทุจริต', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:31.00613', '2026-12-02 20:30:31.006137');
INSERT INTO public.indicator VALUES (82, 2564, 'O39', 'แผนปฏิบัติการป้องกันการทุจริต', '10.1 การดำเนินการเพื่อป้องกันการทุจริต', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:31.007046', '2026-12-02 20:30:31.007053');
INSERT INTO public.indicator VALUES (83, 2564, 'O40', 'รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริตประจำปี รอบ 6 เดือน', '10.1 การดำเนินการเพื่อป้องกันการทุจริต', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:31.008004', '2026-12-02 20:30:31.008011');
INSERT INTO public.indicator VALUES (84, 2564, 'O41', 'รายงานผลการดำเนินการป้องกันการทุจริตประจำปี', '10.1 การดำเนินการเพื่อป้องกันการทุจริต', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:31.008914', '2026-12-02 20:30:31.00892');
INSERT INTO public.indicator VALUES (85, 2564, 'O42', 'มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน', '10.2 มาตรการภายในเพื่อป้องกันการทุจริต', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:31.009808', '2026-12-02 20:30:31.009815');
INSERT INTO public.indicator VALUES (86, 2564, 'O43', 'การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน', '10.2 มาตรการภายในเพื่อป้องกันการทุจริต', '', '', '[]', 'oit-2563.json', '2026-12-02 20:30:31.011018', '2026-12-02 20:30:31.011025');
INSERT INTO public.indicator VALUES (87, 2568, 'o25', 'การเปิดโอกาสให้เกิดการมีส่วนร่วม', '9.5 การส่งเสริมความโปร่งใส', 'ดำเนินการในปี พ.ศ. 2567', '100 when every element is present, otherwise 0', '["\u0e1b\u0e23\u0e30\u0e40\u0e14\u0e47\u0e19\u0e2b\u0e23\u0e37\u0e2d\u0e40\u0e23\u0e37\u0e48\u0e2d\u0e07\u0e43\u0e19\u0e01\u0e32\u0e23\u0e21\u0e35\u0e2a\u0e48\u0e27\u0e19\u0e23\u0e48\u0e27\u0e21", "\u0e2a\u0e23\u0e38\u0e1b\u0e02\u0e49\u0e2d\u0e21\u0e39\u0e25\u0e02\u0e2d\u0e07\u0e1c\u0e39\u0e49\u0e21\u0e35\u0e2a\u0e48\u0e27\u0e19\u0e23\u0e48\u0e27\u0e21", "\u0e1c\u0e25\u0e08\u0e32\u0e01\u0e01\u0e32\u0e23\u0e21\u0e35\u0e2a\u0e48\u0e27\u0e19\u0e23\u0e48\u0e27\u0e21", "\u0e01\u0e32\u0e23\u0e19\u0e33\u0e1c\u0e25\u0e08\u0e32\u0e01\u0e01\u0e32\u0e23\u0e21\u0e35\u0e2a\u0e48\u0e27\u0e19\u0e23\u0e48\u0e27\u0e21\u0e44\u0e1b\u0e1b\u0e23\u0e31\u0e1a\u0e1b\u0e23\u0e38\u0e07\u0e1e\u0e31\u0e12\u0e19\u0e32\u0e01\u0e32\u0e23\u0e14\u0e33\u0e40\u0e19\u0e34\u0e19\u0e07\u0e32\u0e19"]', 'oit-2568-o25.json', '2026-12-02 20:30:31.011889', '2026-12-02 20:30:31.011895');


--
-- Data for Name: item_file; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.item_file VALUES (1, '8rcZPubDhQ6e', 1, '3b3a189a6c7d4fee8b4da0b2cbb865187d4c9412cea780a5f93cbb0bf53b91bf', 'หนังสือเชิญประชุม ครั้งที่ 1.pdf', '', 0, '2026-12-02 20:30:31.139109', 2, NULL, NULL);
INSERT INTO public.item_file VALUES (2, '2XM597X2DrLK', 2, '92c857ccf57adbcfd9d5e302fff2737a186642602c7dbefa2aa45e3318e72fec', 'รายงานการประชุม.docx', '', 0, '2026-12-02 20:30:31.841068', 2, NULL, NULL);
INSERT INTO public.item_file VALUES (3, 'vspX00nuZlya', 3, '19928cacdc92d476441067605c54b59152cee89aed4b4f94654a888227715d1d', 'ภาพ ๑.jpg', 'ประธานเปิดประชุม', 0, '2026-12-02 20:30:31.885527', 2, NULL, NULL);
INSERT INTO public.item_file VALUES (4, 'qE9x3rd6VOJi', 3, '36d695ee38ca05af43ba50df1517f65d5fbc65274f1cac4c71eb18f179e6201a', 'ภาพบรรยากาศ.png', '', 1, '2026-12-02 20:30:31.890642', 2, NULL, NULL);
INSERT INTO public.item_file VALUES (5, 'yRsaWoU5w7nl', 4, 'ef3d6a4d033b448595951e86d1e003c918bba35d0f939083cb881a29d1c3af45', 'คำสั่ง ที่ ๔๕-๒๕๖๓.pdf', '', 0, '2026-12-02 20:30:31.996476', 2, NULL, NULL);
INSERT INTO public.item_file VALUES (6, 'JoqWkxP7WNH4', 5, '63b6fe20e81ad30f5f63949aff4214fc9ca1449faae9758c59289f08c6b466df', 'ข่าว.txt', '', 0, '2026-12-02 20:30:32.065334', 2, NULL, NULL);


--
-- Data for Name: plugin_state; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.plugin_state VALUES ('ocr_tesseract', true, '2026-12-02 20:30:32.141171', 1);


--
-- Data for Name: user; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public."user" VALUES (1, 'admin', 'ผู้ดูแลระบบ', 'pbkdf2:sha256:1000$YqSlImBWDxIbDU74$44e89d6b7185c84a7e75206fd6af6504ba721dd246d864220e305d46c0528aa9', 'admin', true, 'th', NULL, '2026-12-02 20:30:31.016628', '2026-12-02 20:30:31.016639');
INSERT INTO public."user" VALUES (2, 'somchai', 'สมชาย ใจดี', 'pbkdf2:sha256:1000$dC10NkVHtO6WWE91$facc7cf5080d3b890ab69349847770b0a5bcabe2ea0a6bf98927923237ee6650', 'staff', true, 'th', NULL, '2026-12-02 20:30:31.022373', '2026-12-02 20:30:31.022383');
INSERT INTO public."user" VALUES (3, 'assessor', 'ผู้ประเมิน', 'pbkdf2:sha256:1000$IQrZqyMP1Hjo6CQz$af0d5e265c4f8d51d45684ba5033ff01e3beceff1fdd8f4fc825407b1def5a8e', 'assessor', true, 'th', NULL, '2026-12-02 20:30:31.025648', '2026-12-02 20:30:31.025656');
INSERT INTO public."user" VALUES (4, 'former', 'อดีตเจ้าหน้าที่', 'pbkdf2:sha256:1000$kIeEltH2do1hFoyA$403768b6106fe41ed40ed2a6e566bcda74bda2f4601a371b0098bffff000c2c9', 'staff', false, 'th', NULL, '2026-12-02 20:30:31.028777', '2026-12-02 20:30:31.032946');


--
-- Name: agency_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.agency_id_seq', 1, true);


--
-- Name: api_token_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.api_token_id_seq', 2, true);


--
-- Name: assessment_year_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.assessment_year_id_seq', 2, true);


--
-- Name: audit_event_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.audit_event_id_seq', 26, true);


--
-- Name: category_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.category_id_seq', 12, true);


--
-- Name: evidence_item_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.evidence_item_id_seq', 5, true);


--
-- Name: evidence_set_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.evidence_set_id_seq', 4, true);


--
-- Name: indicator_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.indicator_id_seq', 87, true);


--
-- Name: item_file_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.item_file_id_seq', 6, true);


--
-- Name: user_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.user_id_seq', 4, true);


--
-- Name: agency pk_agency; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agency
    ADD CONSTRAINT pk_agency PRIMARY KEY (id);


--
-- Name: api_token pk_api_token; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_token
    ADD CONSTRAINT pk_api_token PRIMARY KEY (id);


--
-- Name: assessment_year pk_assessment_year; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.assessment_year
    ADD CONSTRAINT pk_assessment_year PRIMARY KEY (id);


--
-- Name: audit_event pk_audit_event; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_event
    ADD CONSTRAINT pk_audit_event PRIMARY KEY (id);


--
-- Name: blob pk_blob; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.blob
    ADD CONSTRAINT pk_blob PRIMARY KEY (sha256);


--
-- Name: category pk_category; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.category
    ADD CONSTRAINT pk_category PRIMARY KEY (id);


--
-- Name: evidence_item pk_evidence_item; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.evidence_item
    ADD CONSTRAINT pk_evidence_item PRIMARY KEY (id);


--
-- Name: evidence_set pk_evidence_set; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.evidence_set
    ADD CONSTRAINT pk_evidence_set PRIMARY KEY (id);


--
-- Name: file_text pk_file_text; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.file_text
    ADD CONSTRAINT pk_file_text PRIMARY KEY (sha256);


--
-- Name: indicator pk_indicator; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.indicator
    ADD CONSTRAINT pk_indicator PRIMARY KEY (id);


--
-- Name: item_file pk_item_file; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.item_file
    ADD CONSTRAINT pk_item_file PRIMARY KEY (id);


--
-- Name: plugin_state pk_plugin_state; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.plugin_state
    ADD CONSTRAINT pk_plugin_state PRIMARY KEY (name);


--
-- Name: user pk_user; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public."user"
    ADD CONSTRAINT pk_user PRIMARY KEY (id);


--
-- Name: api_token uq_api_token_token_hash; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_token
    ADD CONSTRAINT uq_api_token_token_hash UNIQUE (token_hash);


--
-- Name: assessment_year uq_assessment_year_agency_id_year; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.assessment_year
    ADD CONSTRAINT uq_assessment_year_agency_id_year UNIQUE (agency_id, year);


--
-- Name: evidence_item uq_evidence_item_public_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.evidence_item
    ADD CONSTRAINT uq_evidence_item_public_id UNIQUE (public_id);


--
-- Name: evidence_set uq_evidence_set_category_id_number; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.evidence_set
    ADD CONSTRAINT uq_evidence_set_category_id_number UNIQUE (category_id, number);


--
-- Name: evidence_set uq_evidence_set_public_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.evidence_set
    ADD CONSTRAINT uq_evidence_set_public_id UNIQUE (public_id);


--
-- Name: indicator uq_indicator_year_code; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.indicator
    ADD CONSTRAINT uq_indicator_year_code UNIQUE (year, code);


--
-- Name: item_file uq_item_file_public_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.item_file
    ADD CONSTRAINT uq_item_file_public_id UNIQUE (public_id);


--
-- Name: user uq_user_username; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public."user"
    ADD CONSTRAINT uq_user_username UNIQUE (username);


--
-- Name: ix_api_token_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_api_token_user_id ON public.api_token USING btree (user_id);


--
-- Name: ix_audit_event_action; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_audit_event_action ON public.audit_event USING btree (action);


--
-- Name: ix_audit_event_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_audit_event_at ON public.audit_event USING btree (at);


--
-- Name: ix_audit_event_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_audit_event_user_id ON public.audit_event USING btree (user_id);


--
-- Name: ix_category_deleted_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_category_deleted_at ON public.category USING btree (deleted_at);


--
-- Name: ix_category_year_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_category_year_id ON public.category USING btree (year_id);


--
-- Name: ix_evidence_item_deleted_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_evidence_item_deleted_at ON public.evidence_item USING btree (deleted_at);


--
-- Name: ix_evidence_item_document_date; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_evidence_item_document_date ON public.evidence_item USING btree (document_date);


--
-- Name: ix_evidence_item_set_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_evidence_item_set_id ON public.evidence_item USING btree (set_id);


--
-- Name: ix_evidence_item_type_key; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_evidence_item_type_key ON public.evidence_item USING btree (type_key);


--
-- Name: ix_evidence_set_category_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_evidence_set_category_id ON public.evidence_set USING btree (category_id);


--
-- Name: ix_evidence_set_deleted_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_evidence_set_deleted_at ON public.evidence_set USING btree (deleted_at);


--
-- Name: ix_file_text_status; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_file_text_status ON public.file_text USING btree (status);


--
-- Name: ix_indicator_year; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_indicator_year ON public.indicator USING btree (year);


--
-- Name: ix_item_file_deleted_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_item_file_deleted_at ON public.item_file USING btree (deleted_at);


--
-- Name: ix_item_file_item_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_item_file_item_id ON public.item_file USING btree (item_id);


--
-- Name: ix_item_file_sha256; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_item_file_sha256 ON public.item_file USING btree (sha256);


--
-- Name: api_token fk_api_token_user_id_user; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_token
    ADD CONSTRAINT fk_api_token_user_id_user FOREIGN KEY (user_id) REFERENCES public."user"(id);


--
-- Name: assessment_year fk_assessment_year_agency_id_agency; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.assessment_year
    ADD CONSTRAINT fk_assessment_year_agency_id_agency FOREIGN KEY (agency_id) REFERENCES public.agency(id);


--
-- Name: audit_event fk_audit_event_user_id_user; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_event
    ADD CONSTRAINT fk_audit_event_user_id_user FOREIGN KEY (user_id) REFERENCES public."user"(id);


--
-- Name: category fk_category_deleted_by_id_user; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.category
    ADD CONSTRAINT fk_category_deleted_by_id_user FOREIGN KEY (deleted_by_id) REFERENCES public."user"(id);


--
-- Name: category fk_category_indicator_id_indicator; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.category
    ADD CONSTRAINT fk_category_indicator_id_indicator FOREIGN KEY (indicator_id) REFERENCES public.indicator(id);


--
-- Name: category fk_category_parent_id_category; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.category
    ADD CONSTRAINT fk_category_parent_id_category FOREIGN KEY (parent_id) REFERENCES public.category(id);


--
-- Name: category fk_category_year_id_assessment_year; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.category
    ADD CONSTRAINT fk_category_year_id_assessment_year FOREIGN KEY (year_id) REFERENCES public.assessment_year(id);


--
-- Name: evidence_item fk_evidence_item_created_by_id_user; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.evidence_item
    ADD CONSTRAINT fk_evidence_item_created_by_id_user FOREIGN KEY (created_by_id) REFERENCES public."user"(id);


--
-- Name: evidence_item fk_evidence_item_deleted_by_id_user; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.evidence_item
    ADD CONSTRAINT fk_evidence_item_deleted_by_id_user FOREIGN KEY (deleted_by_id) REFERENCES public."user"(id);


--
-- Name: evidence_item fk_evidence_item_set_id_evidence_set; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.evidence_item
    ADD CONSTRAINT fk_evidence_item_set_id_evidence_set FOREIGN KEY (set_id) REFERENCES public.evidence_set(id);


--
-- Name: evidence_set fk_evidence_set_category_id_category; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.evidence_set
    ADD CONSTRAINT fk_evidence_set_category_id_category FOREIGN KEY (category_id) REFERENCES public.category(id);


--
-- Name: evidence_set fk_evidence_set_created_by_id_user; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.evidence_set
    ADD CONSTRAINT fk_evidence_set_created_by_id_user FOREIGN KEY (created_by_id) REFERENCES public."user"(id);


--
-- Name: evidence_set fk_evidence_set_deleted_by_id_user; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.evidence_set
    ADD CONSTRAINT fk_evidence_set_deleted_by_id_user FOREIGN KEY (deleted_by_id) REFERENCES public."user"(id);


--
-- Name: file_text fk_file_text_sha256_blob; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.file_text
    ADD CONSTRAINT fk_file_text_sha256_blob FOREIGN KEY (sha256) REFERENCES public.blob(sha256) ON DELETE CASCADE;


--
-- Name: item_file fk_item_file_created_by_id_user; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.item_file
    ADD CONSTRAINT fk_item_file_created_by_id_user FOREIGN KEY (created_by_id) REFERENCES public."user"(id);


--
-- Name: item_file fk_item_file_deleted_by_id_user; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.item_file
    ADD CONSTRAINT fk_item_file_deleted_by_id_user FOREIGN KEY (deleted_by_id) REFERENCES public."user"(id);


--
-- Name: item_file fk_item_file_item_id_evidence_item; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.item_file
    ADD CONSTRAINT fk_item_file_item_id_evidence_item FOREIGN KEY (item_id) REFERENCES public.evidence_item(id);


--
-- Name: item_file fk_item_file_sha256_blob; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.item_file
    ADD CONSTRAINT fk_item_file_sha256_blob FOREIGN KEY (sha256) REFERENCES public.blob(sha256);


--
-- Name: plugin_state fk_plugin_state_changed_by_id_user; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.plugin_state
    ADD CONSTRAINT fk_plugin_state_changed_by_id_user FOREIGN KEY (changed_by_id) REFERENCES public."user"(id);


--
-- PostgreSQL database dump complete
--

\unrestrict LSihHdlfC3qe4asSh6WBamjc0W79gXTRPFpKSXVurVNX8mLLxpCQSpa6q8gOmBJ

